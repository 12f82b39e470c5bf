"""Issue 3: cold `compiler synth workflow.yaml` vs the hand-written typed CDK app of the seed
(bench/seed_cdk_app/app.py), both synthesizing into a fresh folder, without the CDK CLI."""

from __future__ import annotations

import shutil
import sys

from common import ROOT, BenchError, Context, Result, compiler_has, min_wall, scratch

GOAL = 1.0
RUNS = 3


def run(ctx: Context) -> list[Result]:
    result = Result("synth seed vs hand-written CDK app", goal=GOAL, goal_text=f">= {GOAL:g}x")
    runs = ctx.runs(RUNS)
    out = scratch(ctx, "synth-seed") / "cdk.out"

    def fresh() -> None:
        shutil.rmtree(out, ignore_errors=True)

    app = ROOT / "bench" / "seed_cdk_app" / "app.py"
    try:
        result.baseline = min_wall([sys.executable, str(app), str(out)], runs, prepare=fresh)
    except BenchError as exc:
        result.failed = f"baseline: {exc}"
        return [result]

    reason = compiler_has("synth")
    if reason is None and not (ROOT / "workflow.yaml").exists():
        reason = "workflow.yaml is not written yet"
    if reason:
        result.skipped = f"{reason}; baseline hand-written app {result.baseline:.3f} s"
        return [result]
    try:
        result.ours = min_wall(["compiler", "synth", "workflow.yaml", "-o", str(out)], runs, prepare=fresh)
    except BenchError as exc:
        result.failed = str(exc)
    return [result]
