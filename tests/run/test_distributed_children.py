"""A Distributed Map's iterations are child executions: each sees its own ``$$.Execution`` (the ARN,
name and start its ResultWriter entry reports, and its item as input), not the parent's."""

from __future__ import annotations

import json
from typing import Any

from compiler.run import execute
from tests.run.helpers import machine

FIELDS = {"id.$": "$$.Execution.Id", "name.$": "$$.Execution.Name", "start.$": "$$.Execution.StartTime",
          "input.$": "$$.Execution.Input", "machine.$": "$$.StateMachine.Id"}
CONTEXT: dict[str, Any] = {"Type": "Pass", "End": True, "Parameters": FIELDS}


def _map(mode: str) -> dict[str, Any]:
    config = {"Mode": mode, "ExecutionType": "STANDARD"} if mode == "DISTRIBUTED" else {"Mode": mode}
    return {"Type": "Map", "ItemsPath": "$.items", "Label": "Fan",
            "ItemProcessor": {"ProcessorConfig": config, "StartAt": "Where", "States": {"Where": CONTEXT}},
            # NONE: each child execution with its metadata, as the ResultWriter page lists it
            **({"ResultWriter": {"WriterConfig": {"Transformation": "NONE", "OutputType": "JSON"}}}
               if mode == "DISTRIBUTED" else {}),
            "ResultPath": "$.children", "Next": "Parent"}


def _run(mode: str) -> Any:
    parent = {**CONTEXT, "Parameters": {**FIELDS, "children.$": "$.children"}}
    execution = execute(machine(("Fan", _map(mode)), ("Parent", parent)), {"items": [{"n": 1}, {"n": 2}]})
    assert execution.status == "SUCCEEDED", execution.cause
    return execution.output


def test_each_child_execution_sees_its_own_execution_in_the_context_object() -> None:
    parent = _run("DISTRIBUTED")  # the state after the Map reads the parent's context
    entries = parent["children"]
    assert len(entries) == 2
    for item, entry in zip(({"n": 1}, {"n": 2}), entries, strict=True):
        seen = json.loads(entry["Output"])
        assert seen["id"] == entry["ExecutionArn"] != parent["id"]
        assert seen["name"] == entry["Name"] != parent["name"]
        assert seen["start"] == entry["StartDate"]
        assert seen["input"] == item == json.loads(entry["Input"])
        # execution:<parent machine>/<Map label>:<child name>
        machine_name = parent["machine"].rsplit(":", 1)[1]
        assert entry["ExecutionArn"].endswith(f":execution:{machine_name}/Fan:{entry['Name']}")
    assert entries[0]["ExecutionArn"] != entries[1]["ExecutionArn"]


def test_inline_iterations_share_the_parent_execution() -> None:
    parent = _run("INLINE")
    assert parent["children"] == [{k: v for k, v in parent.items() if k != "children"}] * 2


def test_a_child_execution_may_start_executions_of_its_own() -> None:
    # The nested execution is recorded under the execution that runs the Map.
    arn = "arn:aws:states:us-east-1:123456789012:stateMachine:Leaf"
    leaf = machine(("Double", {"Type": "Pass", "Parameters": {"n.$": "States.MathAdd($.n, $.n)"}, "End": True}))
    start = {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2", "End": True,
             "Parameters": {"StateMachineArn": arn, "Input.$": "$"}, "OutputPath": "$.Output"}
    fan = {"Type": "Map", "ItemsPath": "$.items", "End": True, "ItemProcessor": {
        "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "Start",
        "States": {"Start": start}}}
    execution = execute(machine(("Fan", fan)), {"items": [{"n": 1}, {"n": 2}]}, state_machines={arn: leaf})
    assert execution.status == "SUCCEEDED", execution.cause
    assert execution.output == [{"n": 2}, {"n": 4}]
    assert [child.parent_arn for child in execution.children] == [execution.execution_arn] * 2
