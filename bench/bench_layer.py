"""Issue 17: `compiler synth workflow.yaml` with the NumPy layer already built (second synth, cache hit)
vs the same synth with an empty build cache (pip installs numpy for python3.12 x86_64 from the
project's wheelhouse); the two templates must be byte-identical."""

from __future__ import annotations

import shutil

from common import Cmd, Context, Result, compiler_has, measure, scratch

RUNS = 3


def run(ctx: Context) -> list[Result]:
    result = Result("synth seed, layer cached vs layer built", goal=None, goal_text="reported; templates identical")
    work = scratch(ctx, "synth-layer")
    cold_cache, warm_cache = work / "cold-cache", work / "warm-cache"
    cold_out, warm_out = work / "cold.out", work / "warm.out"

    def cold_prepare() -> None:
        shutil.rmtree(cold_cache, ignore_errors=True)
        shutil.rmtree(cold_out, ignore_errors=True)

    def synth(cache: str, out: str) -> list[str]:
        return ["env", f"SFN_BUILD_CACHE={cache}", "compiler", "synth", "workflow.yaml", "-o", out, "--no-nag"]

    baseline = Cmd(synth(str(cold_cache), str(cold_out)), prepare=cold_prepare)
    reason = compiler_has("synth")
    ours = None
    if reason is None:
        ours = Cmd(synth(str(warm_cache), str(warm_out)), prepare=lambda: shutil.rmtree(warm_out, ignore_errors=True))
    measure(result, baseline, ours, ctx.runs(RUNS), skip_reason=reason)
    if ours is not None and result.failed is None:
        name = "step-functions.template.json"
        same = (cold_out / name).read_bytes() == (warm_out / name).read_bytes()
        result.notes.append(f"templates byte-identical: {'yes' if same else 'NO'}")
        layers = sorted(p.name for p in warm_cache.glob("*.zip"))
        result.notes.append(f"cache entries: {layers}")
    print(result.line(), *result.notes)
    return [result]
