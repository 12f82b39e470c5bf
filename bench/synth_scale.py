"""Issue 3: cold `compiler synth` of generated N-state specs vs a hand-written-style app with one
typed CDK construct per state (bench/gen_typed_app.py) for N = 200, 1000, 3000."""

from __future__ import annotations

import shutil
import sys

from common import Cmd, Context, Result, compiler_has, measure, scratch
from gen_spec import spec_text
from gen_typed_app import write_app

SIZES = (200, 1000, 3000)
RUNS = 3


def run(ctx: Context) -> list[Result]:
    results = []
    reason = compiler_has("synth")
    for n in SIZES:
        result = Result(
            f"synth {n} states (with cdk-nag) vs typed CDK app",
            goal=None,
            goal_text="reported (goals: bench_synth)",
        )
        results.append(result)
        work = scratch(ctx, f"synth-{n}")
        app = write_app(n, work / "typed")
        spec = work / "big.yaml"
        spec.write_text(spec_text(n))
        base_out, our_out = work / "baseline.out", work / "ours.out"
        baseline = Cmd(
            [sys.executable, str(app), str(base_out)],
            prepare=lambda p=base_out: shutil.rmtree(p, ignore_errors=True),
        )
        ours = None
        if reason is None:
            ours = Cmd(
                ["compiler", "synth", str(spec), "-o", str(our_out)],
                prepare=lambda p=our_out: shutil.rmtree(p, ignore_errors=True),
            )
        measure(result, baseline, ours, ctx.runs(RUNS), skip_reason=reason)
    return results
