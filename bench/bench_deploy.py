"""Issue 6: the deploy round trip of the seed to the local emulator: in-process (mock_aws +
CreateStack + verify + DeleteStack, after one synth) and with the real CDK CLI
(`compiler deploy-local workflow.yaml --destroy`: bootstrap, deploy, verify, destroy)."""

from __future__ import annotations

import subprocess
import sys

from common import ROOT, BenchError, Context, Result, compiler_has, min_call, min_wall, scratch

RUNS_IN_PROCESS = 3
RUNS_CLI = 1  # ~20-50 s each


def run(ctx: Context) -> list[Result]:
    in_process = Result("deploy round trip, in-process (seed)")
    cli = Result("deploy round trip, CDK CLI + moto server (seed)")
    reason = compiler_has("deploy-local")
    if reason:
        in_process.skipped = cli.skipped = reason
        return [in_process, cli]
    out = scratch(ctx, "deploy") / "cdk.out"
    synth = subprocess.run(
        ["compiler", "synth", "workflow.yaml", "-o", str(out), "--no-nag"],
        cwd=ROOT, stdin=subprocess.DEVNULL, capture_output=True, check=False,
    )
    if synth.returncode != 0:
        in_process.failed = f"synth exited {synth.returncode}"
    else:
        from compiler.deploy.inprocess import round_trip
        from compiler.pipeline import compile_spec

        program = compile_spec(ROOT / "workflow.yaml").program

        def trip() -> None:
            result = round_trip(out, program)
            if result.left is None or not result.left.ok:
                raise BenchError("the in-process round trip left resources behind")

        try:
            in_process.ours = min_call(trip, ctx.runs(RUNS_IN_PROCESS))
        except BenchError as exc:
            in_process.failed = str(exc)
    try:
        cli.ours = min_wall([sys.executable, "-m", "compiler", "deploy-local", "workflow.yaml", "--destroy"],
                            ctx.runs(RUNS_CLI), warmup=False)
    except BenchError as exc:
        cli.failed = str(exc)
    return [in_process, cli]
