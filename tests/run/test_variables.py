"""Workflow variables in JSONPath states: where ``$name`` is read, when Assign applies, scopes."""

from __future__ import annotations

from typing import Any

from compiler.run import StatesError, TaskContext, execute
from tests.run.helpers import machine

TASK = "arn:aws:states:::local:task"


def _boom(parameters: Any, context: TaskContext) -> Any:
    raise StatesError("Boom", "it broke")


def test_task_assign_reads_the_selected_result_and_applies_at_exit() -> None:
    definition = machine(
        ("Set", {"Type": "Pass", "Assign": {"n": 1}, "Next": "Work"}),
        ("Work", {"Type": "Task", "Resource": TASK, "Next": "Read",
                  "Parameters": {"old.$": "$n"}, "ResultSelector": {"picked.$": "$.value"},
                  "Assign": {"n.$": "$.picked", "was.$": "$n"}, "ResultPath": "$.r"}),
        ("Read", {"Type": "Pass", "Parameters": {"n.$": "$n", "was.$": "$was", "r.$": "$.r"}, "End": True}),
    )
    execution = execute(definition, {}, mocks={TASK: lambda p, c: {"value": p["old"] + 10}})
    assert execution.states[1].assigned_variables == {"n": 11, "was": 1}
    assert execution.output == {"n": 11, "was": 1, "r": {"picked": 11}}


def test_catcher_assign_reads_the_error_output() -> None:
    definition = machine(
        ("Work", {"Type": "Task", "Resource": TASK, "End": True, "Assign": {"never": 1},
                  "Catch": [{"ErrorEquals": ["Boom"], "Next": "Done", "ResultPath": "$.error",
                             "Assign": {"cause.$": "$.Cause"}}]}),
        ("Done", {"Type": "Pass", "Parameters": {"cause.$": "$cause", "in.$": "$"}, "End": True}),
    )
    execution = execute(definition, {"a": 1}, mocks={TASK: _boom})
    assert execution.states[0].assigned_variables == {"cause": "it broke"}
    assert execution.output == {"cause": "it broke", "in": {"a": 1, "error": {"Error": "Boom", "Cause": "it broke"}}}


def test_choice_rules_compare_variables_and_a_missing_one_is_not_present() -> None:
    definition = machine(
        ("Set", {"Type": "Pass", "Assign": {"limit": 5, "obj": {"k": "v"}}, "Next": "Pick"}),
        ("Pick", {"Type": "Choice", "Default": "Low", "Choices": [
            {"Variable": "$missing", "IsPresent": True, "Next": "Missing"},
            {"And": [{"Variable": "$obj.k", "StringEquals": "v"},
                     {"Variable": "$.n", "NumericGreaterThanPath": "$limit"}],
             "Assign": {"why": "high"}, "Next": "High"},
        ]}),
        ("High", {"Type": "Pass", "Parameters": {"why.$": "$why"}, "End": True}),
        ("Low", {"Type": "Pass", "Result": "low", "End": True}),
        ("Missing", {"Type": "Fail"}),
    )
    assert execute(definition, {"n": 9}).output == {"why": "high"}
    assert execute(definition, {"n": 1}).output == "low"


def test_paths_read_variables_everywhere() -> None:
    definition = machine(
        ("Set", {"Type": "Pass", "Assign": {"items": [1, 2], "wait": 0, "conc": 1, "tpl": "n={}"}, "Next": "Wait"}),
        ("Wait", {"Type": "Wait", "SecondsPath": "$wait", "Next": "Each"}),
        ("Each", {"Type": "Map", "ItemsPath": "$items", "MaxConcurrencyPath": "$conc", "Next": "Out",
                  "ItemSelector": {"s.$": "States.Format($tpl, $$.Map.Item.Value)"},
                  "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}}),
        ("Out", {"Type": "Pass", "InputPath": "$items", "OutputPath": "$[1]", "End": True}),
    )
    execution = execute(definition, {})
    assert execution.states[2].exited_output == [{"s": "n=1"}, {"s": "n=2"}]
    assert execution.output == 2


def test_an_undefined_variable_fails_with_states_runtime() -> None:
    definition = machine(("Read", {"Type": "Pass", "Parameters": {"v.$": "$nope"}, "End": True}))
    execution = execute(definition, {})
    assert execution.error == "States.Runtime"
    assert "The variable '$nope'" in (execution.cause or "")


def test_distributed_map_iterations_see_no_outer_variables() -> None:
    definition = machine(
        ("Set", {"Type": "Pass", "Assign": {"x": 1}, "Next": "Each"}),
        ("Each", {"Type": "Map", "ItemsPath": "$.items", "End": True, "ItemProcessor": {
            "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
            "StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"x.$": "$x"}, "End": True}}}}),
    )
    execution = execute(definition, {"items": [0]})
    assert execution.error == "States.ExceedToleratedFailureThreshold"
    assert "The variable '$x'" in (execution.map_runs[0].records[0].cause or "")


def test_assigned_variables_are_in_the_history_as_json_text() -> None:
    definition = machine(("Set", {"Type": "Pass", "Assign": {"a": {"b": [1]}, "s": "t"}, "End": True}))
    (exited,) = [e for e in execute(definition, {}).events if e.type == "PassStateExited"]
    details = exited.to_dict()["stateExitedEventDetails"]
    assert details["assignedVariables"] == {"a": '{"b":[1]}', "s": '"t"'}
    assert details["assignedVariablesDetails"] == {"truncated": False}


def test_intrinsic_random_functions_repeat_with_the_seed() -> None:
    definition = machine(("R", {"Type": "Pass", "End": True,
                                "Parameters": {"u.$": "States.UUID()", "r.$": "States.MathRandom(0, 1000000)"}}))
    first, again, other = (execute(definition, {}, seed=s).output for s in (1, 1, 2))
    assert first == again != other


def test_a_path_with_surrounding_blanks_is_trimmed_as_jayway_does() -> None:
    definition = machine(("P", {"Type": "Pass", "Parameters": {"name.$": "$$.Execution.Name "}, "End": True}))
    assert execute(definition, {}, name="run-1").output == {"name": "run-1"}


def test_the_summary_shows_what_a_state_assigned() -> None:
    execution = execute(machine(("Set", {"Type": "Pass", "Assign": {"x": 1}, "End": True})), {})
    assert execution.summary()["states"] == [{"name": "Set", "type": "Pass", "input": {}, "output": {},
                                              "assigned": {"x": 1}}]
