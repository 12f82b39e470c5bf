"""Issue 15: `compiler lsp` — server-side times after a warm-up, next to cold `compiler validate` and cfn-lint.

What the server does per request, called in-process after the server's own warm-up (no JSON-RPC,
no debounce):
- diagnostics of the seed (the buffer through validate's pipeline + conversion): goal <= 30 ms;
- diagnostics of a 1,000-state spec (`gen_spec.py 1000`): goal <= 300 ms;
- completion on the seed (the slowest of several cursor places: a state name, a resource key, a
  field name, a `${key.` attribute): goal <= 20 ms; the same on the 1,000-state spec, reported;
- cold `compiler validate workflow.yaml` vs cold cfn-lint on the seed's template (issue 2's goal, >= 6x).

    python bench/bench_lsp.py            # standalone
    bash scripts/bench lsp               # through the harness
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import FIXTURES, ROOT, AbsoluteResult, Cmd, Context, Result, measure, min_call, tool
from gen_spec import spec_text

RUNS = 15
COLD_RUNS = 5


def _diagnostics(uri: str, text: str) -> object:
    from compiler.lsp.diagnostics import to_lsp
    from compiler.lsp.documents import analyze

    return to_lsp(analyze(uri, text))


def _completion_times(uri: str, known: str, text: str, places: list[tuple[str, int]], runs: int) -> float:
    """The slowest place's min time; names come from the last readable version (``known``), as in the server."""
    from compiler.lsp.completion import complete
    from compiler.lsp.documents import analyze
    from compiler.lsp.index import build_index

    analysis = analyze(uri, known)
    index = build_index(analysis.data, analysis.source, analysis.lines)
    worst = 0.0
    for needle, delta in places:
        offset = text.index(needle) + delta
        items: list[object] = []

        def once(offset: int = offset, items: list[object] = items) -> None:
            items[:] = complete(analysis, index, text, offset)

        worst = max(worst, min_call(once, runs))
        if not items:
            raise RuntimeError(f"no completion at {needle!r}")
    return worst


def run(ctx: Context) -> list[Result]:
    sys.path.insert(0, str(ROOT))
    from compiler.lsp.server import warm_up

    warm_up()  # what `compiler lsp` does before it answers anything
    seed = (ROOT / "workflow.yaml").read_text(encoding="utf-8")
    seed_uri = (ROOT / "workflow.yaml").as_uri()
    big = spec_text(1000)
    big_uri = (ctx.workdir / "big-1000.yaml").as_uri()
    runs = ctx.runs(RUNS)

    seed_diag = AbsoluteResult("lsp diagnostics, seed (server side, warm)", max_seconds=0.030)
    big_diag = AbsoluteResult("lsp diagnostics, 1,000 states (server side, warm)", max_seconds=0.300)
    seed_completion = AbsoluteResult("lsp completion, seed (slowest of 4 places, warm)", max_seconds=0.020)
    big_completion = AbsoluteResult("lsp completion, 1,000 states (warm)")
    seed_diag.ours = min_call(lambda: _diagnostics(seed_uri, seed), runs)
    big_diag.ours = min_call(lambda: _diagnostics(big_uri, big), max(3, runs // 3))
    seed_text = seed.replace("    removal_policy: retain\n", "    removal_policy: retain\n    ver\n", 1)
    seed_completion.ours = _completion_times(seed_uri, seed, seed_text, [
        ("next: Error Task", len("next: Er")), ("invoke: second", len("invoke: ")),
        ("${sfn_bucket.arn}", len("${sfn_bucket.")), ("    ver\n", len("    ver"))], runs)
    first_next = big.index("next: ") + len("next: ")
    big_completion.ours = _completion_times(big_uri, big, big, [(big[first_next - 6:first_next], 6)], max(3, runs // 3))

    cold = Result("cold compiler validate seed vs cfn-lint (issue 2)", goal=6.0, goal_text=">= 6x")
    cfn_lint, exe = tool("cfn-lint"), tool("compiler")
    if cfn_lint is None or exe is None:
        cold.failed = "cfn-lint or compiler is not on PATH (run scripts/setup)"
    else:
        measure(cold, Cmd([cfn_lint, str(FIXTURES / "seed-template.json")], ok_codes=(0, 4)),
                Cmd([exe, "validate", "workflow.yaml"], cwd=ROOT), ctx.runs(COLD_RUNS), skip_reason=None)
    for result in (seed_diag, big_diag, seed_completion, big_completion):
        if cold.ours is not None and result.ours is not None:
            result.notes.append(f"cold validate {cold.ours:.3f} s, cfn-lint {cold.baseline:.3f} s")
    return [seed_diag, big_diag, seed_completion, big_completion, cold]


if __name__ == "__main__":
    import tempfile

    for line in run(Context(repeat=None, workdir=Path(tempfile.mkdtemp(prefix="sfn-bench-")))):
        print(line.line())
