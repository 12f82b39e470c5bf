"""examples/seed-jsonata.yaml runs locally with the same observable results as workflow.yaml.

Both specs go through the real pipeline (compile_spec, the IR's local substitutions, placeholders
filled as a deploy would) and their main machines run with the real handlers/ against an embedded
S3. Every state of every nested sub execution must enter and exit with the same values, and the
main executions must end the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from compiler.pipeline import compile_spec
from compiler.refs import fill
from compiler.run import Execution, LambdaFunction, execute
from tests.run.helpers import START

REPO = Path(__file__).resolve().parents[2]
ACCOUNT = "123456789012"
BUCKET = "sfn-bucket-by-aws-cdk"
HANDLERS = {"sfn_first_lambda": "first", "sfn_second_lambda": "second", "sfn_third_lambda": "third",
            "sfn_error_lambda": "error"}
# The first function writes a random number (numpy's rand()) into its result.
_RANDOM = re.compile(r"value: [0-9.e-]+")


@pytest.fixture
def s3_bucket() -> Iterator[Any]:
    import boto3
    import moto

    with moto.mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        yield client


def _machines(spec: Path) -> dict[str, dict[str, Any]]:
    compiled = compile_spec(spec)
    assert compiled.ok, [f"{d.code} {d.message}" for d in compiled.report.sorted()]
    assert compiled.program is not None
    program = compiled.program
    return {m.name: fill(m.definition, program.local_substitutions(m)) for m in program.machines.values()}


def _run(spec: Path) -> Execution:
    machines = _machines(spec)
    functions = {
        f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:{name}": LambdaFunction(
            REPO / "handlers" / folder, environment={"BUCKET_NAME": BUCKET} if folder == "first" else {}, timeout=10
        )
        for name, folder in HANDLERS.items()
    }
    sub = f"arn:aws:states:us-east-1:{ACCOUNT}:stateMachine:sfn_sub_state_machine"
    return execute(machines["sfn_main_state_machine"], {}, functions=functions,
                   state_machines={sub: machines["sfn_sub_state_machine"]}, start_time=START, seed=3)


def _plain(value: Any) -> Any:
    """The value with the first function's random number blanked out."""
    if isinstance(value, str):
        return _RANDOM.sub("value: <random>", value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _observed(execution: Execution) -> dict[str, Any]:
    """What a user of the seed sees: each execution's outcome and every state's input and output."""
    return _plain({
        "status": execution.status,
        "output": execution.output,
        "error": execution.error,
        "states": [[s.name, s.entered_input, s.exited, s.exited_output, s.error] for s in execution.states],
        "children": sorted(
            (_observed(child) | {"input": child.input} for child in execution.children),
            key=lambda c: c["input"]["parallel_no"],
        ),
    })


def test_the_jsonata_seed_behaves_like_the_jsonpath_seed(s3_bucket: Any) -> None:
    jsonpath = _run(REPO / "workflow.yaml")
    jsonata = _run(REPO / "examples" / "seed-jsonata.yaml")
    assert jsonata.status == jsonpath.status == "SUCCEEDED", (jsonata.cause, jsonpath.cause)

    expected, actual = _observed(jsonpath), _observed(jsonata)
    assert actual["status"] == expected["status"]
    assert actual["states"] == expected["states"]
    assert actual["output"] == expected["output"]
    assert [c["input"] for c in actual["children"]] == [c["input"] for c in expected["children"]]
    for got, want in zip(actual["children"], expected["children"], strict=True):
        assert got == want, f"sub execution {want['input']['parallel_no']} differs"

    # The sub executions' tasks, as the seed post shows them.
    by_no = {c["input"]["parallel_no"]: {s[0]: s for s in c["states"]} for c in actual["children"]}
    assert [s[0] for s in by_no[1].values()] == ["Second Task", "Third Task", "Error Task"]
    assert by_no[3]["Third Task"][3] == "only 3rd message."
    assert by_no[2]["Error Task"][3]["error_message"]["errorMessage"] == "偶数です"
    assert by_no[1]["Error Task"][3]["error_message"]["errorMessage"] == "強制的にエラーとします"
    # The JSONata main machine kept the first function's message in a variable.
    assert jsonata.states[0].assigned_variables == {"message": "Hello world"}
