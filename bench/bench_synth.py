"""Issue 3 goals: `compiler synth --no-nag` (the app.py stack, in-process) vs typed CDK apps.

- seed: workflow.yaml vs the hand-written app bench/seed_cdk_app (goal: ours <= 1.05x its time,
  i.e. ratio >= 0.95); also reported with cdk-nag on, which the hand-written app does not run;
- N = 200 / 1,000 / 3,000 states: gen_spec.py specs vs gen_typed_app.py apps (goal at 1,000:
  ours <= 0.75x, i.e. ratio >= 1.33; the others are reported).

cdk-nag is off for the goal measurements because the baselines run no validation plugin.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from common import ROOT, BenchError, Context, Result, compiler_has, min_wall, scratch
from gen_spec import spec_text
from gen_typed_app import write_app

RUNS = 3
SEED_GOAL = 1 / 1.05
SCALE_GOALS = {200: None, 1000: 1 / 0.75, 3000: None}


def _measure(result: Result, ours: list[str], baseline: list[str], out: Path, runs: int) -> None:
    def fresh() -> None:
        shutil.rmtree(out, ignore_errors=True)

    try:
        result.baseline = min_wall(baseline, runs, prepare=fresh)
        result.ours = min_wall(ours, runs, prepare=fresh)
    except BenchError as exc:
        result.failed = str(exc)


def run(ctx: Context) -> list[Result]:
    runs = ctx.runs(RUNS)
    reason = compiler_has("synth")
    results: list[Result] = []
    seed = Result("synth seed (no nag) vs hand-written app", goal=SEED_GOAL, goal_text="ours <= 1.05x")
    nag = Result("synth seed (with cdk-nag) vs hand-written app", goal_text="reported")
    app = ROOT / "bench" / "seed_cdk_app" / "app.py"
    for result, extra in ((seed, ["--no-nag"]), (nag, [])):
        results.append(result)
        if reason:
            result.skipped = reason
            continue
        out = scratch(ctx, "bench-synth-seed") / "cdk.out"
        ours = ["compiler", "synth", "workflow.yaml", "-o", str(out), *extra]
        _measure(result, ours, [sys.executable, str(app), str(out)], out, runs)
    for n, goal in SCALE_GOALS.items():
        text = f"ours <= {1 / goal:.2f}x" if goal else "reported"
        result = Result(f"synth {n} states (no nag) vs typed app", goal=goal, goal_text=text)
        results.append(result)
        if reason:
            result.skipped = reason
            continue
        work = scratch(ctx, f"bench-synth-{n}")
        typed = write_app(n, work / "typed")
        spec = work / "big.yaml"
        spec.write_text(spec_text(n), encoding="utf-8")
        out = work / "cdk.out"
        ours = ["compiler", "synth", str(spec), "-o", str(out), "--no-nag"]
        _measure(result, ours, [sys.executable, str(typed), str(out)], out, runs)
    return results
