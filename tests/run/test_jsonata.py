"""JSONata states in the runner: the fields the corpus does not record (Task, Catch, Retry, Parallel).

What AWS recorded (Pass, Choice, Map, Wait, Fail, Items, ItemSelector ...) is pinned by the
conformance suite; these tests cover the rest of the documented behaviour.
"""

from __future__ import annotations

from typing import Any

from compiler.run import StatesError, TaskContext, execute
from tests.run.helpers import START, machine

TASK = "arn:aws:states:::local:task"
BOOM = "arn:aws:states:::local:boom"


def _echo(parameters: Any, context: TaskContext) -> Any:
    return parameters


def _boom(parameters: Any, context: TaskContext) -> Any:
    raise StatesError("Boom", "it broke")


def jsonata(*states: tuple[str, dict[str, Any]]) -> dict[str, Any]:
    return machine(*states, QueryLanguage="JSONata")


def test_task_arguments_output_and_assign() -> None:
    definition = jsonata(
        ("Work", {"Type": "Task", "Resource": TASK, "Next": "Show",
                  "Arguments": {"doubled": "{% $states.input.n * 2 %}", "name": "{% $states.context.State.Name %}"},
                  "Assign": {"kept": "{% $states.result.doubled %}"},
                  "Output": {"result": "{% $states.result %}", "input": "{% $states.input %}"}}),
        ("Show", {"Type": "Pass", "Output": "{% $kept %}", "End": True}),
    )
    execution = execute(definition, {"n": 21}, mocks={TASK: _echo})
    work = execution.states[0]
    assert work.exited_output == {"result": {"doubled": 42, "name": "Work"}, "input": {"n": 21}}
    assert work.assigned_variables == {"kept": 42}
    assert execution.output == 42


def test_task_defaults_are_the_input_and_the_result() -> None:
    execution = execute(jsonata(("Work", {"Type": "Task", "Resource": TASK, "End": True})), {"a": 1},
                        mocks={TASK: lambda p, c: {"got": p}})
    assert execution.output == {"got": {"a": 1}}


def test_timeout_seconds_from_an_expression() -> None:
    definition = jsonata(("Work", {"Type": "Task", "Resource": TASK, "TimeoutSeconds": "{% $states.input.t %}",
                                   "End": True}))
    execution = execute(definition, {"t": 7}, mocks={TASK: _echo})
    (scheduled,) = [e for e in execution.events if e.type == "TaskScheduled"]
    assert scheduled.details is not None and scheduled.details["timeoutInSeconds"] == 7
    wrong = execute(definition, {"t": "7"}, mocks={TASK: _echo})
    assert wrong.error == "States.QueryEvaluationError"
    assert "Expected 'number', but was 'string'" in (wrong.cause or "")


def test_catch_output_and_assign_see_the_error_and_the_state_assign_is_dropped() -> None:
    definition = jsonata(
        ("Work", {"Type": "Task", "Resource": BOOM, "Next": "End", "Assign": {"never": 1},
                  "Catch": [{"ErrorEquals": ["Boom"], "Next": "End",
                             "Assign": {"error": "{% $states.errorOutput.Error %}"},
                             "Output": {"caught": "{% $states.errorOutput %}", "input": "{% $states.input %}"}}]}),
        ("End", {"Type": "Pass", "Output": {"error": "{% $error %}", "in": "{% $states.input %}"}, "End": True}),
    )
    execution = execute(definition, {"a": 1}, mocks={BOOM: _boom})
    assert execution.states[0].assigned_variables == {"error": "Boom"}
    assert execution.output == {
        "error": "Boom",
        "in": {"caught": {"Error": "Boom", "Cause": "it broke"}, "input": {"a": 1}},
    }


def test_catch_without_output_passes_the_error_output() -> None:
    definition = jsonata(
        ("Work", {"Type": "Task", "Resource": BOOM, "End": True,
                  "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Done"}]}),
        ("Done", {"Type": "Succeed"}),
    )
    assert execute(definition, {}, mocks={BOOM: _boom}).output == {"Error": "Boom", "Cause": "it broke"}


def test_an_output_error_is_caught_but_not_retried() -> None:
    calls: list[int] = []

    def counting(parameters: Any, context: TaskContext) -> Any:
        calls.append(context.context["State"]["RetryCount"])
        return {}

    definition = jsonata(
        ("Work", {"Type": "Task", "Resource": TASK, "Output": "{% $states.result.missing %}", "End": True,
                  "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 1}],
                  "Catch": [{"ErrorEquals": ["States.QueryEvaluationError"], "Next": "Caught"}]}),
        ("Caught", {"Type": "Pass", "End": True}),
    )
    execution = execute(definition, {}, mocks={TASK: counting})
    assert execution.status == "SUCCEEDED"
    assert execution.output["Error"] == "States.QueryEvaluationError"
    assert execution.output["Cause"].startswith("An error occurred while executing the state 'Work'")
    # Output is evaluated once the task is done (as ResultPath is): the task itself is not run again.
    assert calls == [0]


def test_retry_reevaluates_arguments_with_the_new_retry_count() -> None:
    seen: list[Any] = []

    def flaky(parameters: Any, context: TaskContext) -> Any:
        seen.append(parameters)
        if len(seen) < 3:
            raise StatesError("Flaky", "again")
        return "ok"

    definition = jsonata(("Work", {"Type": "Task", "Resource": TASK, "End": True,
                                   "Arguments": {"try": "{% $states.context.State.RetryCount %}"},
                                   "Retry": [{"ErrorEquals": ["Flaky"], "IntervalSeconds": 1}]}))
    assert execute(definition, {}, mocks={TASK: flaky}, start_time=START).output == "ok"
    assert seen == [{"try": 0}, {"try": 1}, {"try": 2}]


def test_a_failing_catcher_output_fails_the_execution() -> None:
    definition = jsonata(
        ("Work", {"Type": "Task", "Resource": BOOM, "End": True,
                  "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Done", "Output": "{% $nope %}"}]}),
        ("Done", {"Type": "Succeed"}),
    )
    execution = execute(definition, {}, mocks={BOOM: _boom})
    assert execution.error == "States.QueryEvaluationError"
    assert "'$nope' specified for the field 'Output' returned nothing" in (execution.cause or "")


def test_parallel_arguments_branch_scopes_and_output() -> None:
    branch = {"StartAt": "B", "States": {"B": {"Type": "Pass", "Assign": {"x": "{% $x + 1 %}"},
                                               "Output": {"seen": "{% $x %}", "in": "{% $states.input %}"},
                                               "End": True}}}
    definition = jsonata(
        ("Set", {"Type": "Pass", "Assign": {"x": 1}, "Next": "Fan"}),
        ("Fan", {"Type": "Parallel", "Branches": [branch, branch], "Arguments": {"v": "{% $states.input.v %}"},
                 "Output": {"all": "{% $states.result %}", "x": "{% $x %}"}, "End": True}),
    )
    execution = execute(definition, {"v": "in", "other": 0})
    # Each branch read the outer x and kept its own assignment; the outer x is unchanged.
    assert execution.output == {"all": [{"seen": 1, "in": {"v": "in"}}] * 2, "x": 1}
    assert [s.assigned_variables for s in execution.states if s.name == "B"] == [{"x": 2}, {"x": 2}]


def test_map_item_selector_sees_the_item_and_output_the_results() -> None:
    definition = jsonata(("Each", {
        "Type": "Map", "Items": "{% $states.input.list %}", "End": True,
        "ItemSelector": {"value": "{% $states.context.Map.Item.Value %}",
                         "index": "{% $states.context.Map.Item.Index %}", "tag": "{% $states.input.tag %}"},
        "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}},
        "Output": "{% $count($states.result) %}", "Assign": {"last": "{% $states.result[-1].value %}"},
    }))
    execution = execute(definition, {"list": ["a", "b"], "tag": "t"})
    assert execution.output == 2
    assert [s.exited_output for s in execution.states if s.name == "P"] == [
        {"value": "a", "index": 0, "tag": "t"}, {"value": "b", "index": 1, "tag": "t"}]
    assert execution.states[0].assigned_variables == {"last": "b"}


def test_a_jsonata_state_inside_a_jsonpath_machine_and_back() -> None:
    # The other way round (a JSONPath state in a JSONata machine) AWS refuses: test_query_language_mixing.
    definition = machine(
        ("Path", {"Type": "Pass", "Parameters": {"v.$": "$.a"}, "Next": "Ata"}),
        ("Ata", {"Type": "Pass", "QueryLanguage": "JSONata", "Output": "{% $states.input.v + 1 %}", "End": True}),
    )
    assert execute(definition, {"a": 1}).output == 2


def test_random_functions_repeat_with_the_seed() -> None:
    definition = jsonata(("R", {"Type": "Pass", "End": True,
                                "Output": {"u": "{% $uuid() %}", "r": "{% $random() %}"}}))
    first, again, other = (execute(definition, {}, seed=s).output for s in (1, 1, 2))
    assert first == again != other
