"""Issue 3: cold `compiler synth workflow.yaml` vs the hand-written typed CDK app of the seed
(bench/seed_cdk_app/app.py), both synthesizing into a fresh folder, without the CDK CLI."""

from __future__ import annotations

import shutil
import sys

from common import ROOT, Cmd, Context, Result, compiler_has, measure, scratch

RUNS = 3



def run(ctx: Context) -> list[Result]:
    result = Result(
        "synth seed (with cdk-nag) vs hand-written CDK app", goal=None, goal_text="reported (goals: bench_synth)"
    )
    work = scratch(ctx, "synth-seed")
    base_out, our_out = work / "baseline.out", work / "ours.out"
    app = ROOT / "bench" / "seed_cdk_app" / "app.py"
    baseline = Cmd(
        [sys.executable, str(app), str(base_out)], prepare=lambda: shutil.rmtree(base_out, ignore_errors=True)
    )
    reason = compiler_has("synth")
    if reason is None and not (ROOT / "workflow.yaml").exists():
        reason = "workflow.yaml is not written yet"
    ours = None
    if reason is None:
        ours = Cmd(
            ["compiler", "synth", "workflow.yaml", "-o", str(our_out)],
            prepare=lambda: shutil.rmtree(our_out, ignore_errors=True),
        )
    measure(result, baseline, ours, ctx.runs(RUNS), skip_reason=reason)
    return [result]
