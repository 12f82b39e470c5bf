"""Issue 2: cold `compiler validate` of generated specs (100 and 1,000 states) vs cold `cfn-lint`
on a template holding the same machine as a plain-string definition (which cfn-lint checks)."""

from __future__ import annotations

import json

from common import Cmd, Context, Result, compiler_has, measure, scratch, tool
from gen_spec import cfn_template, spec_text

SIZES = (100, 1000)
GOAL = 6.0
RUNS = 5


def run(ctx: Context) -> list[Result]:
    results = []
    cfn_lint = tool("cfn-lint")
    reason = compiler_has("validate")
    work = scratch(ctx, "validate-scale")
    for n in SIZES:
        result = Result(f"validate {n} states vs cfn-lint", goal=GOAL, goal_text=f">= {GOAL:g}x (as seed)")
        results.append(result)
        if cfn_lint is None:
            result.failed = "cfn-lint is not on PATH (run scripts/setup)"
            continue
        spec = work / f"big-{n}.yaml"
        template = work / f"big-{n}.template.json"
        spec.write_text(spec_text(n))
        template.write_text(json.dumps(cfn_template(n), indent=1))
        baseline = Cmd([cfn_lint, str(template)], ok_codes=(0, 4))
        ours = None if reason else Cmd(["compiler", "validate", str(spec)])
        measure(result, baseline, ours, ctx.runs(RUNS), skip_reason=reason)
    return results
