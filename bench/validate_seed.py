"""Issue 2: cold `compiler validate workflow.yaml` vs cold `cfn-lint` on the seed's template."""

from __future__ import annotations

from common import FIXTURES, ROOT, BenchError, Context, Result, compiler_has, min_wall, tool

GOAL = 6.0
RUNS = 5


def run(ctx: Context) -> list[Result]:
    result = Result("validate seed vs cfn-lint", goal=GOAL, goal_text=f">= {GOAL:g}x")
    runs = ctx.runs(RUNS)
    cfn_lint = tool("cfn-lint")
    if cfn_lint is None:
        result.failed = "cfn-lint is not on PATH (run scripts/setup)"
        return [result]
    # cfn-lint exits 4 on warnings only (W3005 on the seed template).
    try:
        result.baseline = min_wall([cfn_lint, str(FIXTURES / "seed-template.json")], runs, ok_codes=(0, 4))
    except BenchError as exc:
        result.failed = f"baseline: {exc}"
        return [result]

    reason = compiler_has("validate")
    if reason is None and not (ROOT / "workflow.yaml").exists():
        reason = "workflow.yaml is not written yet"
    if reason:
        result.skipped = f"{reason}; baseline cfn-lint {result.baseline:.3f} s"
        return [result]
    try:
        result.ours = min_wall(["compiler", "validate", "workflow.yaml"], runs)
    except BenchError as exc:
        result.failed = str(exc)
    return [result]
