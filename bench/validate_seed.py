"""Issue 2: cold `compiler validate workflow.yaml` vs cold `cfn-lint` on the seed's template."""

from __future__ import annotations

from common import FIXTURES, ROOT, Cmd, Context, Result, compiler_has, measure, tool

GOAL = 6.0
RUNS = 5


def run(ctx: Context) -> list[Result]:
    result = Result("validate seed vs cfn-lint", goal=GOAL, goal_text=f">= {GOAL:g}x")
    cfn_lint = tool("cfn-lint")
    if cfn_lint is None:
        result.failed = "cfn-lint is not on PATH (run scripts/setup)"
        return [result]
    # cfn-lint exits 4 on warnings only (W3005 on the seed template).
    baseline = Cmd([cfn_lint, str(FIXTURES / "seed-template.json")], ok_codes=(0, 4))
    reason = compiler_has("validate")
    if reason is None and not (ROOT / "workflow.yaml").exists():
        reason = "workflow.yaml is not written yet"
    ours = None if reason else Cmd(["compiler", "validate", "workflow.yaml"])
    measure(result, baseline, ours, ctx.runs(RUNS), skip_reason=reason)
    return [result]
