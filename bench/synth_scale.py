"""Issue 3: cold `compiler synth` of generated N-state specs vs a hand-written-style app with one
typed CDK construct per state (bench/gen_typed_app.py) for N = 200, 1000, 3000."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from common import BenchError, Context, Result, compiler_has, min_wall, scratch
from gen_spec import spec_text
from gen_typed_app import write_app

SIZES = (200, 1000, 3000)
GOAL = 1.0
RUNS = 3


def run(ctx: Context) -> list[Result]:
    results = []
    runs = ctx.runs(RUNS)
    reason = compiler_has("synth")
    for n in SIZES:
        result = Result(f"synth {n} states vs typed CDK app", goal=GOAL, goal_text=f">= {GOAL:g}x")
        results.append(result)
        work = scratch(ctx, f"synth-{n}")
        app = write_app(n, work)
        spec = work / "big.yaml"
        spec.write_text(spec_text(n))
        out = work / "cdk.out"

        def fresh(out: Path = out) -> None:
            shutil.rmtree(out, ignore_errors=True)

        try:
            result.baseline = min_wall([sys.executable, str(app), str(out)], runs, prepare=fresh)
        except BenchError as exc:
            result.failed = f"baseline: {exc}"
            continue
        if reason:
            result.skipped = f"{reason}; baseline typed app {result.baseline:.3f} s"
            continue
        try:
            result.ours = min_wall(["compiler", "synth", str(spec), "-o", str(out)], runs, prepare=fresh)
        except BenchError as exc:
            result.failed = str(exc)
    return results
