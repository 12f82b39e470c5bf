"""Every field the emitter writes, pinned by hand-written ASL (not goldens made by the same code).

Each spec sets every field of its state types; the expected definition is written out from the
Amazon States Language specification, so a field the emitter drops, renames or misplaces fails here.
"""

from __future__ import annotations

from typing import Any

import pytest

from compiler.pipeline import compile_spec
from tests.emit.conftest import REPO

HEAD = """\
version: 1
resources:
  fn: {type: function, code: handlers/first, handler: lambda_function.lambda_handler}
state_machines:
"""


def definition(machines: str, key: str = "m") -> dict[str, Any]:
    compiled = compile_spec(REPO / "inline.yaml", text=(HEAD + machines).encode())
    errors = [d for d in compiled.report.sorted() if d.is_error]
    assert compiled.program is not None and not errors, errors
    result: dict[str, Any] = compiled.program.machines[key].definition
    return result


def test_machine_and_task_fields() -> None:
    got = definition("""\
  m:
    comment: the machine
    timeout_seconds: 300
    start_at: Work
    states:
      Work:
        type: task
        comment: a task
        resource: arn:aws:states:::sqs:sendMessage
        parameters: {QueueUrl: q, MessageBody.$: $.body}
        input_path: $.in
        result_selector: {id.$: $.MessageId}
        result_path: $.sent
        output_path: $.out
        timeout_seconds: 30
        heartbeat_seconds: 10
        credentials: {RoleArn: "arn:aws:iam::123456789012:role/r"}
        assign: {seen.$: $.sent}
        retry:
          - comment: transient
            errors: [States.Timeout, States.TaskFailed]
            interval_seconds: 3
            max_attempts: 4
            backoff_rate: 1.5
            max_delay_seconds: 60
            jitter_strategy: FULL
          - errors: [States.ALL]
        catch:
          - comment: give up
            errors: [States.ALL]
            result_path: $.error
            next: Failed
        next: Done
      Failed: {type: fail, error: Broken, cause: it broke}
      Done: {type: succeed, comment: ok, input_path: $.a, output_path: $.b}
""")
    assert got == {
        "Comment": "the machine",
        "StartAt": "Work",
        "States": {
            "Work": {
                "Type": "Task",
                "Comment": "a task",
                "Resource": "arn:aws:states:::sqs:sendMessage",
                "Parameters": {"QueueUrl": "q", "MessageBody.$": "$.body"},
                "InputPath": "$.in",
                "ResultSelector": {"id.$": "$.MessageId"},
                "ResultPath": "$.sent",
                "OutputPath": "$.out",
                "TimeoutSeconds": 30,
                "HeartbeatSeconds": 10,
                "Credentials": {"RoleArn": "arn:aws:iam::123456789012:role/r"},
                "Assign": {"seen.$": "$.sent"},
                "Retry": [
                    {"Comment": "transient", "ErrorEquals": ["States.Timeout", "States.TaskFailed"],
                     "IntervalSeconds": 3, "MaxAttempts": 4, "BackoffRate": 1.5, "MaxDelaySeconds": 60,
                     "JitterStrategy": "FULL"},
                    {"ErrorEquals": ["States.ALL"]},
                ],
                "Catch": [{"Comment": "give up", "ErrorEquals": ["States.ALL"], "ResultPath": "$.error",
                           "Next": "Failed"}],
                "Next": "Done",
            },
            "Failed": {"Type": "Fail", "Error": "Broken", "Cause": "it broke"},
            "Done": {"Type": "Succeed", "Comment": "ok", "InputPath": "$.a", "OutputPath": "$.b"},
        },
        "TimeoutSeconds": 300,
    }


def test_path_variants_of_task_wait_and_fail() -> None:
    got = definition("""\
  m:
    states:
      Work:
        type: task
        resource: arn:aws:states:::sqs:sendMessage
        timeout_seconds_path: $.timeout
        heartbeat_seconds_path: $.beat
      Pause: {type: wait, seconds_path: $.delay}
      Until: {type: wait, timestamp_path: $.when}
      Sleep: {type: wait, seconds: 5}
      Then: {type: wait, timestamp: "2030-01-01T00:00:00Z"}
      Stop: {type: fail, error_path: $.error, cause_path: $.cause}
""")
    assert got["States"] == {
        "Work": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage", "TimeoutSecondsPath": "$.timeout",
                 "HeartbeatSecondsPath": "$.beat", "Next": "Pause"},
        "Pause": {"Type": "Wait", "SecondsPath": "$.delay", "Next": "Until"},
        "Until": {"Type": "Wait", "TimestampPath": "$.when", "Next": "Sleep"},
        "Sleep": {"Type": "Wait", "Seconds": 5, "Next": "Then"},
        "Then": {"Type": "Wait", "Timestamp": "2030-01-01T00:00:00Z", "Next": "Stop"},
        "Stop": {"Type": "Fail", "ErrorPath": "$.error", "CausePath": "$.cause"},
    }
    assert "TimeoutSeconds" not in got and "Comment" not in got


def test_pass_choice_and_parallel_fields() -> None:
    got = definition("""\
  m:
    states:
      Shape:
        type: pass
        comment: shape it
        input_path: $.in
        parameters: {a.$: $.x}
        result_path: $.shaped
        output_path: $.shaped
      Fixed: {type: pass, result: {k: 1}}
      Decide:
        type: choice
        comment: pick
        input_path: $.i
        output_path: $.o
        choices:
          - variable: $.n
            numeric_greater_than: 3
            next: Both
          - and:
              - {variable: $.s, string_equals: x}
              - not: {variable: $.t, is_present: true}
            next: Both
          - or:
              - {variable: $.u, boolean_equals_path: $.v}
            next: Both
        default: Both
      Both:
        type: parallel
        comment: two at once
        input_path: $.p
        parameters: {v.$: $.v}
        branches:
          - start_at: A
            states: {A: {type: pass}}
          - comment: second
            states: {B: {type: succeed}}
        result_selector: {first.$: "$[0]"}
        result_path: $.both
        output_path: $.both
        end: true
""")
    assert got["States"] == {
        "Shape": {"Type": "Pass", "Comment": "shape it", "InputPath": "$.in", "Parameters": {"a.$": "$.x"},
                  "ResultPath": "$.shaped", "OutputPath": "$.shaped", "Next": "Fixed"},
        "Fixed": {"Type": "Pass", "Result": {"k": 1}, "Next": "Decide"},
        "Decide": {
            "Type": "Choice", "Comment": "pick", "InputPath": "$.i", "OutputPath": "$.o",
            "Choices": [
                {"Variable": "$.n", "NumericGreaterThan": 3, "Next": "Both"},
                {"And": [{"Variable": "$.s", "StringEquals": "x"},
                         {"Not": {"Variable": "$.t", "IsPresent": True}}], "Next": "Both"},
                {"Or": [{"Variable": "$.u", "BooleanEqualsPath": "$.v"}], "Next": "Both"},
            ],
            "Default": "Both",
        },
        "Both": {
            "Type": "Parallel", "Comment": "two at once", "InputPath": "$.p", "Parameters": {"v.$": "$.v"},
            "Branches": [
                {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}},
                {"Comment": "second", "StartAt": "B", "States": {"B": {"Type": "Succeed"}}},
            ],
            "ResultSelector": {"first.$": "$[0]"}, "ResultPath": "$.both", "OutputPath": "$.both", "End": True,
        },
    }


def test_map_fields_inline_and_distributed() -> None:
    got = definition("""\
  m:
    states:
      Inline:
        type: map
        comment: each
        input_path: $.in
        items_path: $.items
        item_selector: {v.$: $$.Map.Item.Value}
        max_concurrency: 2
        item_processor:
          states: {W: {type: pass}}
        result_selector: {n.$: "$[0]"}
        result_path: $.done
        output_path: $.done
      Legacy:
        type: map
        max_concurrency_path: $.limit
        parameters: {i.$: $$.Map.Item.Index}
        iterator:
          states: {L: {type: pass}}
      Distributed:
        type: map
        label: Big
        item_reader:
          resource: arn:aws:states:::s3:getObject
          reader_config: {InputType: JSON}
          parameters: {Bucket: b, Key: k}
        item_batcher: {max_items_per_batch: 10, batch_input: {x: 1}}
        result_writer:
          resource: arn:aws:states:::s3:putObject
          parameters: {Bucket: b, Prefix: out}
        tolerated_failure_percentage: 5
        tolerated_failure_count: 3
        item_processor:
          processor_config: {mode: distributed, execution_type: express}
          start_at: D
          states: {D: {type: pass}}
      Paths:
        type: map
        tolerated_failure_percentage_path: $.pct
        tolerated_failure_count_path: $.count
        item_processor:
          processor_config: {mode: distributed, execution_type: standard}
          states: {P: {type: pass}}
""")
    assert got["States"] == {
        "Inline": {
            "Type": "Map", "Comment": "each", "InputPath": "$.in", "ItemsPath": "$.items",
            "ItemSelector": {"v.$": "$$.Map.Item.Value"},
            "ItemProcessor": {"StartAt": "W", "States": {"W": {"Type": "Pass", "End": True}}},
            "MaxConcurrency": 2, "ResultSelector": {"n.$": "$[0]"}, "ResultPath": "$.done",
            "OutputPath": "$.done", "Next": "Legacy",
        },
        "Legacy": {
            "Type": "Map", "Parameters": {"i.$": "$$.Map.Item.Index"},
            "Iterator": {"StartAt": "L", "States": {"L": {"Type": "Pass", "End": True}}},
            "MaxConcurrencyPath": "$.limit", "Next": "Distributed",
        },
        "Distributed": {
            "Type": "Map",
            "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
                              "StartAt": "D", "States": {"D": {"Type": "Pass", "End": True}}},
            "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON"},
                           "Parameters": {"Bucket": "b", "Key": "k"}},
            "ItemBatcher": {"MaxItemsPerBatch": 10, "BatchInput": {"x": 1}},
            "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject",
                             "Parameters": {"Bucket": "b", "Prefix": "out"}},
            "ToleratedFailurePercentage": 5, "ToleratedFailureCount": 3, "Label": "Big", "Next": "Paths",
        },
        "Paths": {
            "Type": "Map",
            "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                              "StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}},
            "ToleratedFailurePercentagePath": "$.pct", "ToleratedFailureCountPath": "$.count", "End": True,
        },
    }


def test_lambda_and_start_execution_tasks() -> None:
    got = definition("""\
  child:
    states: {C: {type: succeed}}
  m:
    states:
      Arn: {type: task, invoke: fn, payload: {a.$: $.a}}
      Invoke: {type: task, invoke: fn, invoke_style: lambda_invoke, retry_on_service_exceptions: true,
               retry: [{errors: [States.ALL], max_attempts: 1}]}
      Start:
        type: task
        start_execution: child
        integration: sync
        input: {k.$: $.k}
        associate_with_parent: true
        execution_name: run-1
      Fire: {type: task, start_execution: child}
      Token: {type: task, start_execution: child, integration: wait_for_task_token}
      Str: {type: task, start_execution: child, integration: sync_string}
""")
    assert got["States"] == {
        "Arn": {"Type": "Task", "Resource": "${fn_arn}", "Parameters": {"a.$": "$.a"}, "Next": "Invoke"},
        "Invoke": {
            "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "${fn_arn}", "Payload.$": "$"},
            "Retry": [
                {"ErrorEquals": ["Lambda.ClientExecutionTimeoutException", "Lambda.ServiceException",
                                 "Lambda.AWSLambdaException", "Lambda.SdkClientException"],
                 "IntervalSeconds": 2, "MaxAttempts": 6, "BackoffRate": 2},
                {"ErrorEquals": ["States.ALL"], "MaxAttempts": 1},
            ],
            "Next": "Start",
        },
        "Start": {
            "Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2",
            "Parameters": {"Input": {"k.$": "$.k", "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$": "$$.Execution.Id"},
                           "StateMachineArn": "${child_arn}", "Name": "run-1"},
            "Next": "Fire",
        },
        "Fire": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution",
                 "Parameters": {"Input.$": "$", "StateMachineArn": "${child_arn}"}, "Next": "Token"},
        "Token": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.waitForTaskToken",
                  "Parameters": {"Input.$": "$", "StateMachineArn": "${child_arn}"}, "Next": "Str"},
        "Str": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync",
                "Parameters": {"Input.$": "$", "StateMachineArn": "${child_arn}"}, "End": True},
    }


def test_jsonata_fields() -> None:
    got = definition("""\
  m:
    query_language: jsonata
    states:
      Call:
        type: task
        resource: arn:aws:states:::sqs:sendMessage
        arguments: {QueueUrl: q, MessageBody: "{% $states.input.body %}"}
        output: "{% $states.result %}"
        assign: {sent: "{% $states.result.MessageId %}"}
        catch:
          - errors: [States.ALL]
            output: "{% $states.errorOutput %}"
            assign: {failed: true}
            next: Done
      Invoke: {type: task, invoke: fn, invoke_style: lambda_invoke}
      Start: {type: task, start_execution: m2}
      Pick:
        type: choice
        choices:
          - condition: "{% $states.input.n > 1 %}"
            assign: {big: true}
            output: "{% $states.input %}"
            next: Done
        default: Done
        output: "{% 1 %}"
      Done: {type: succeed, output: "{% $sent %}", query_language: jsonata}
  m2:
    states: {X: {type: succeed}}
""")
    assert got["QueryLanguage"] == "JSONata"
    assert got["States"] == {
        "Call": {
            "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
            "Arguments": {"QueueUrl": "q", "MessageBody": "{% $states.input.body %}"},
            "Output": "{% $states.result %}", "Assign": {"sent": "{% $states.result.MessageId %}"},
            "Catch": [{"ErrorEquals": ["States.ALL"], "Output": "{% $states.errorOutput %}",
                       "Assign": {"failed": True}, "Next": "Done"}],
            "Next": "Invoke",
        },
        "Invoke": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                   "Arguments": {"FunctionName": "${fn_arn}", "Payload": "{% $states.input %}"}, "Next": "Start"},
        "Start": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution",
                  "Arguments": {"Input": "{% $states.input %}", "StateMachineArn": "${m2_arn}"}, "Next": "Pick"},
        "Pick": {
            "Type": "Choice",
            "Choices": [{"Condition": "{% $states.input.n > 1 %}", "Assign": {"big": True},
                         "Output": "{% $states.input %}", "Next": "Done"}],
            "Default": "Done", "Output": "{% 1 %}",
        },
        "Done": {"Type": "Succeed", "QueryLanguage": "JSONata", "Output": "{% $sent %}"},
    }


@pytest.mark.parametrize("language", ["jsonpath", "jsonata"])
def test_query_language_names(language: str) -> None:
    got = definition(f"  m:\n    query_language: {language}\n    states: {{A: {{type: pass}}}}\n")
    assert got == {"QueryLanguage": {"jsonpath": "JSONPath", "jsonata": "JSONata"}[language], "StartAt": "A",
                   "States": {"A": {"Type": "Pass", "End": True}}}


def test_the_emitted_text_is_compact_and_keeps_unicode() -> None:
    from compiler.asl.definition import to_json, to_pretty_json

    assert to_json({"a": ["é", 1]}) == '{"a":["é",1]}'
    assert to_pretty_json({"a": 1}) == '{\n  "a": 1\n}\n'


def test_wait_paths_choice_assign_and_rule_comments() -> None:
    got = definition("""\
  m:
    states:
      Pause: {type: wait, seconds: 1, input_path: $.in, output_path: $.out}
      Decide:
        type: choice
        choices:
          - comment: big ones
            variable: $.n
            numeric_greater_than: 3
            next: Done
        default: Done
        assign: {picked: true}
      Done: {type: succeed}
""")
    assert got["States"]["Pause"] == {"Type": "Wait", "InputPath": "$.in", "Seconds": 1, "OutputPath": "$.out",
                                      "Next": "Decide"}
    assert got["States"]["Decide"] == {
        "Type": "Choice",
        "Choices": [{"Comment": "big ones", "Variable": "$.n", "NumericGreaterThan": 3, "Next": "Done"}],
        "Default": "Done", "Assign": {"picked": True}}


def test_a_block_in_the_other_query_language_names_it_on_each_of_its_states() -> None:
    # AWS takes a state's language from its own QueryLanguage, else from the top level only: the
    # states of a branch inherit the machine's language silently, or name the branch's own (only
    # JSONata inside JSONPath: E363 refuses the reverse).
    got = definition("""\
  m:
    query_language: jsonata
    states:
      Both:
        type: parallel
        branches:
          - states: {A: {type: task, invoke: fn, invoke_style: lambda_invoke}}
        end: true
""")
    [branch] = got["States"]["Both"]["Branches"]
    assert branch["States"]["A"] == {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                                     "Arguments": {"FunctionName": "${fn_arn}", "Payload": "{% $states.input %}"},
                                     "End": True}
    nested = definition("""\
  m:
    states:
      Both:
        type: parallel
        branches:
          - query_language: jsonata
            states: {A: {type: pass, comment: first}}
        end: true
""")
    assert nested["States"]["Both"]["Branches"][0]["States"]["A"] == {
        "Type": "Pass", "Comment": "first", "QueryLanguage": "JSONata", "End": True}


def test_a_jsonata_map_writes_its_items() -> None:
    # JSONata's Items replaces ItemsPath (ASL: Map state, "Items"); dropping it maps over the input.
    got = definition("""\
  m:
    query_language: jsonata
    start_at: Each
    states:
      Each:
        type: map
        items: "{% $states.input.list %}"
        item_processor:
          start_at: One
          states:
            One: {type: pass, end: true}
        end: true
""")
    assert got["States"]["Each"]["Items"] == "{% $states.input.list %}"
    assert "ItemsPath" not in got["States"]["Each"]
