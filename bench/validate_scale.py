"""Issue 2: cold `compiler validate` of generated specs (100 and 1,000 states) vs cold `cfn-lint`
on a template holding the same machine as a plain-string definition (which cfn-lint checks)."""

from __future__ import annotations

import json

from common import BenchError, Context, Result, compiler_has, min_wall, scratch, tool
from gen_spec import cfn_template, spec_text

SIZES = (100, 1000)
GOAL = 6.0
RUNS = 5


def run(ctx: Context) -> list[Result]:
    results = []
    runs = ctx.runs(RUNS)
    cfn_lint = tool("cfn-lint")
    reason = compiler_has("validate")
    work = scratch(ctx, "validate-scale")
    for n in SIZES:
        result = Result(f"validate {n} states vs cfn-lint", goal=GOAL, goal_text=f">= {GOAL:g}x (as seed)")
        results.append(result)
        spec = work / f"big-{n}.yaml"
        template = work / f"big-{n}.template.json"
        spec.write_text(spec_text(n))
        template.write_text(json.dumps(cfn_template(n), indent=1))
        if cfn_lint is None:
            result.failed = "cfn-lint is not on PATH (run scripts/setup)"
            continue
        try:
            result.baseline = min_wall([cfn_lint, str(template)], runs, ok_codes=(0, 4))
        except BenchError as exc:
            result.failed = f"baseline: {exc}"
            continue
        if reason:
            result.skipped = f"{reason}; baseline cfn-lint {result.baseline:.3f} s"
            continue
        try:
            result.ours = min_wall(["compiler", "validate", str(spec)], runs)
        except BenchError as exc:
            result.failed = str(exc)
    return results
