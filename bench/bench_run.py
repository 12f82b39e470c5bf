"""Issue 4: `compiler run` — the local interpreter's speed.

- executions per second of a 10-state Pass/Choice machine: ours (`compiler.run.execute`) vs moto's
  Step Functions interpreter on the same definition (goal ≥ 20×);
- the seed end to end in process after a warm-up: functions and machines from the compiled spec,
  embedded moto with the spec's bucket, the three nested executions, the S3 objects collected
  (goal ≤ 50 ms; the spec compile is reported on its own line, and the cold command too);
- a Map over 10,000 items (goal ≤ 2 s).

    python bench/bench_run.py            # standalone
    bash scripts/bench run               # through the harness
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, AbsoluteResult, Cmd, Context, Result, min_call, min_wall, tool

OURS_RUNS = 200  # executions of the small machine per measurement (ours)
MOTO_RUNS = 20  # moto runs each execution on a thread and is polled: fewer
SEED_RUNS = 10
MAP_ITEMS = 10_000
ROLE = "arn:aws:iam::123456789012:role/bench"
_names = itertools.count()


class RateResult(Result):
    """Times per execution, printed as executions per second (higher is better, as the ratio)."""

    def line(self) -> str:
        if self.skipped or self.failed or self.ours is None:
            return super().line()
        theirs = f"{1 / self.baseline:,.1f} executions/s" if self.baseline else "n/a"
        ratio = f"{self.ratio:.1f}x" if self.ratio is not None else "n/a"
        return (f"{self.name}: ours {1 / self.ours:,.0f} executions/s, baseline {theirs}, ratio {ratio} "
                f"(goal {self.goal_text}) [{self.status}]")


def small_machine() -> dict[str, Any]:
    """10 states, all visited: a Pass, then four Choice -> Pass pairs, then Succeed."""
    states: dict[str, Any] = {"Start": {"Type": "Pass", "Parameters": {"n.$": "$.n", "seen": []}, "Next": "Check1"}}
    for i in range(1, 5):
        following = f"Check{i + 1}" if i < 4 else "Done"
        states[f"Check{i}"] = {"Type": "Choice", "Default": "Done", "Choices": [
            {"Variable": "$.n", "NumericLessThan": 100, "Next": f"Step{i}"}]}
        states[f"Step{i}"] = {"Type": "Pass", "Result": {"step": i}, "ResultPath": f"$.step{i}", "Next": following}
    states["Done"] = {"Type": "Succeed"}
    assert len(states) == 10
    return {"StartAt": "Start", "States": states}


def map_machine() -> dict[str, Any]:
    return {"StartAt": "Each", "States": {"Each": {
        "Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 0, "End": True,
        "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Double", "States": {
            "Double": {"Type": "Pass", "Parameters": {"v.$": "States.MathAdd($, $)"}, "End": True}}}}}}


def bench_small(ctx: Context) -> Result:
    from compiler.run import execute

    result = RateResult("run 10-state Pass/Choice machine (ours vs moto's interpreter)", goal=20.0,
                        goal_text="≥ 20×")
    definition = small_machine()
    data = {"n": 7}

    def ours() -> None:
        for i in range(OURS_RUNS):
            execution = execute(definition, data, name=f"e{i}")
            assert execution.status == "SUCCEEDED", execution.cause

    result.ours = min_call(ours, ctx.runs(3)) / OURS_RUNS
    try:
        result.baseline = _moto_seconds_per_execution(definition, data, ctx.runs(3))
    except ImportError:
        result.notes.append("moto not installed")
    return result


def _moto_seconds_per_execution(definition: dict[str, Any], data: Any, repeat: int) -> float:
    import boto3
    from moto import mock_aws

    logging.getLogger("moto.stepfunctions").setLevel(logging.CRITICAL)
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                        "AWS_EC2_METADATA_DISABLED": "true", "AWS_DEFAULT_REGION": "us-east-1"}.items():
        os.environ.setdefault(name, value)
    with mock_aws(config={"stepfunctions": {"execute_state_machine": True}}):
        client = boto3.client("stepfunctions", region_name="us-east-1")
        arn = client.create_state_machine(name="bench", definition=json.dumps(definition), roleArn=ROLE)[
            "stateMachineArn"]

        def theirs() -> None:
            for _ in range(MOTO_RUNS):
                execution = client.start_execution(stateMachineArn=arn, name=f"run{next(_names)}",
                                                   input=json.dumps(data))["executionArn"]
                while True:  # moto runs the execution on its own thread
                    status = client.describe_execution(executionArn=execution)["status"]
                    if status != "RUNNING":
                        assert status == "SUCCEEDED", status
                        break
                    time.sleep(0.001)

        return min_call(theirs, repeat) / MOTO_RUNS


def bench_seed(ctx: Context) -> list[Result]:
    from compiler.local.session import RunOptions, run_local
    from compiler.local.setup import choose_machine, from_program
    from compiler.pipeline import compile_spec

    spec = ROOT / "workflow.yaml"
    compile_result = AbsoluteResult("run seed: spec compile (excluded from the run below)")
    run_result = AbsoluteResult("run seed end to end in process (after warm-up)", max_seconds=0.050)
    cold = AbsoluteResult("compiler run workflow.yaml --format json (cold process)")
    compile_result.ours = min_call(lambda: compile_spec(spec), ctx.runs(5))
    program = compile_spec(spec).program
    if program is None:
        run_result.failed = "the seed does not compile"
        return [compile_result, run_result, cold]
    machine = choose_machine(program, "main")

    def once() -> None:
        # A fresh setup each time (cheap), as each CLI run builds it.
        setup = from_program(program, machine, ROOT)
        outcome = run_local(setup, RunOptions())
        assert outcome.execution.status == "SUCCEEDED", outcome.execution.cause
        assert outcome.objects and outcome.objects[0].key == "sfn_first.txt"

    run_result.ours = min_call(once, ctx.runs(SEED_RUNS))
    run_result.notes.append("embedded moto started and stopped in each run")
    saga = bench_saga(ctx)
    if run_result.ours is not None and saga.ours is not None:
        saga.notes.append(f"the seed above: {run_result.ours * 1000:.1f} ms")
    exe = tool("compiler")
    if exe is not None:
        cold.ours = min_wall(Cmd([exe, "run", "workflow.yaml", "--format", "json"], cwd=ROOT), ctx.runs(3))
    else:
        cold.skipped = "`compiler` is not on PATH (run scripts/setup)"
    return [compile_result, run_result, saga, cold]


def bench_saga(ctx: Context) -> Result:
    """examples/orders with no mocks: its key, table, queues, topic and bus created in the embedded moto,
    nine DynamoDB/SQS/SNS/EventBridge tasks, the changes collected."""
    from compiler.local.session import RunOptions, run_local
    from compiler.local.setup import choose_machine, from_program
    from compiler.pipeline import compile_spec

    result = AbsoluteResult("run examples/orders saga end to end in process (after warm-up)", max_seconds=0.100)
    folder = ROOT / "examples" / "orders"
    program = compile_spec(folder / "workflow.yaml").program
    if program is None:
        result.failed = "examples/orders does not compile"
        return result
    machine = choose_machine(program, None)
    data = json.loads((folder / "input.json").read_text(encoding="utf-8"))

    def once() -> None:
        outcome = run_local(from_program(program, machine, folder), RunOptions(input=data))
        assert outcome.execution.status == "SUCCEEDED", outcome.execution.cause
        assert outcome.changes is not None and len(outcome.changes["queue_messages"]) == 2

    result.ours = min_call(once, ctx.runs(SEED_RUNS))
    return result


def bench_map(ctx: Context) -> Result:
    from compiler.run import execute

    result = AbsoluteResult(f"run Map over {MAP_ITEMS:,} items", max_seconds=2.0)
    definition = map_machine()
    data = {"items": list(range(MAP_ITEMS))}

    def once() -> None:
        execution = execute(definition, data, name="map")
        assert execution.status == "SUCCEEDED", execution.cause
        assert len(execution.output) == MAP_ITEMS and execution.output[-1] == {"v": 2 * (MAP_ITEMS - 1)}

    result.ours = min_call(once, ctx.runs(3))
    return result


def bench_csv_map(ctx: Context) -> Result:
    """examples/distributed-map over a 10,000-row CSV export put into its bucket by fixtures, through
    ``run_local`` (emulator started, fixtures loaded, ItemReader, batches of 50 as child executions,
    ResultWriter's files, the emulator's changes collected)."""
    from compiler.local.fixtures import from_document
    from compiler.local.session import RunOptions, run_local
    from compiler.local.setup import choose_machine, from_program
    from compiler.pipeline import compile_spec

    result = AbsoluteResult(f"run examples/distributed-map over a {MAP_ITEMS:,}-row CSV fixture (ItemReader, "
                            "ItemBatcher, ResultWriter)", max_seconds=5.0)
    folder = ROOT / "examples" / "distributed-map"
    program = compile_spec(folder / "workflow.yaml").program
    if program is None:
        result.failed = "examples/distributed-map does not compile"
        return result
    machine = choose_machine(program, None)
    rows = "sku,name,quantity\n" + "".join(f"sku-{i},item {i},{i % 97}\n" for i in range(MAP_ITEMS))
    fixtures = from_document({"s3": {"exports": {"exports/inventory.csv": rows}}}, "bench")
    data = json.loads((folder / "input.json").read_text(encoding="utf-8"))

    def once() -> None:
        ran = run_local(from_program(program, machine, folder), RunOptions(input=data, fixtures=fixtures))
        assert ran.execution.status == "SUCCEEDED", ran.execution.cause
        [map_run] = ran.execution.map_runs
        assert map_run.succeeded == MAP_ITEMS // 50

    result.ours = min_call(once, ctx.runs(3))
    return result


def run(ctx: Context) -> list[Result]:
    sys.path.insert(0, str(ROOT))
    return [bench_small(ctx), *bench_seed(ctx), bench_map(ctx), bench_csv_map(ctx)]


if __name__ == "__main__":
    import tempfile

    for line in run(Context(repeat=None, workdir=Path(tempfile.mkdtemp(prefix="sfn-bench-")))):
        print(line.line())
