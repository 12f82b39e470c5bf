"""Table tests: one small spec per rule, and the codes it must report (nothing else).

Specs are compiled from text with the project root as their folder (so ``handlers/first`` exists).
"""

from __future__ import annotations

import textwrap

import pytest

from compiler.diagnostics import Severity
from compiler.pipeline import compile_spec
from tests.checks.conftest import ROOT

FUNCTION = """
resources:
  fn:
    type: function
    code: handlers/first
    handler: lambda_function.lambda_handler
"""


def machine(states: str, extra: str = "", head: str = "") -> str:
    """A spec with one machine ``m`` whose ``states:`` block is ``states`` (indented by the caller's dedent)."""
    body = textwrap.indent(textwrap.dedent(states).strip("\n"), " " * 6)
    return f"version: 1\n{textwrap.dedent(extra).strip()}\nstate_machines:\n  m:\n{head}    states:\n{body}\n"


def codes_of(text: str) -> list[str]:
    report = compile_spec(ROOT / "inline.yaml", text=text.encode("utf-8")).report
    return sorted(d.code for d in report.sorted())


CASES: list[tuple[str, str, list[str]]] = [
    # graph -------------------------------------------------------------------------------------
    ("implicit next chain ends", machine("A: {type: pass}\nB: {type: pass}"), []),
    ("end in the middle strands the rest", machine("A: {type: pass, end: true}\nB: {type: pass}"), ["E310"]),
    ("start_at skips the first state", machine("A: {type: pass}\nB: {type: succeed}", head="    start_at: B\n"),
     ["E310"]),
    ("loop with a choice exit is fine", machine("""
        Poll: {type: wait, seconds: 5}
        Check:
          type: choice
          choices: [{variable: $.done, boolean_equals: false, next: Poll}]
          default: Finish
        Finish: {type: succeed}
        """), []),
    ("choice looping to itself only", machine("""
        Loop:
          type: choice
          choices: [{variable: $.x, is_present: true, next: Loop}]
          default: Loop
        """), ["E311"]),
    ("state reached only by a catcher", machine("""
        Work: {type: task, resource: "arn:aws:states:::sqs:sendMessage", catch: [{errors: [States.ALL], next: Oops}],
               end: true}
        Oops: {type: fail}
        """), []),
    ("typo in next is one error", machine("Start: {type: pass, next: Finsh}\nFinish: {type: succeed}"), ["E302"]),
    ("unknown next far from any name", machine("A: {type: pass, next: Zebra}\nB: {type: succeed}"),
     ["E302", "E310"]),
    ("unreachable state inside a branch", machine("""
        P:
          type: parallel
          branches:
            - states:
                X: {type: pass, end: true}
                Y: {type: pass}
        """), ["E310"]),
    ("a choice never chains implicitly", machine("""
        C: {type: choice, choices: [{variable: $.a, is_null: true, next: D}]}
        D: {type: succeed}
        """), []),
    ("last state with end false still ends", machine("A: {type: pass, end: false}"), []),
    ("duplicate name across a map processor", machine("""
        Work: {type: pass}
        Each:
          type: map
          item_processor:
            states: {Work: {type: pass}}
        """), ["E313"]),
    ("machine starting itself", machine("A: {type: task, start_execution: m}"), ["E315"]),
    # references --------------------------------------------------------------------------------
    ("invoke names a machine", machine("A: {type: task, invoke: m}"), ["E303"]),
    ("start_execution names a function", machine("A: {type: task, start_execution: fn}", FUNCTION), ["E303"]),
    ("reference to a machine's arn", machine("""
        A: {type: task, resource: "arn:aws:states:::sqs:sendMessage", parameters: {MessageBody: "${m.arn}"}}
        """), []),
    ("reference counts as use", machine("""
        A: {type: task, resource: "${fn.arn}"}
        """, FUNCTION), []),
    ("unused function", machine("A: {type: succeed}", FUNCTION), ["W401"]),
    ("unknown parameter inside a state", machine("""
        A: {type: pass, result: {stage: "${params.stage}"}}
        """), ["E304"]),
    ("unused spec parameter", machine("A: {type: succeed}", "parameters:\n  stage: {default: dev}"), ["W403"]),
    ("parameter used in a state and in the stack", machine("""
        A: {type: pass, result: {stage: "${params.stage}"}}
        """, "parameters:\n  stage: {default: dev}\n  owner: {default: ops}\nstack:\n  tags: {owner: \"${params.owner}\"}"), []),
    ("misspelt parameter is one error, not also unused", machine("""
        A: {type: pass, result: {stage: "${params.stag}"}}
        """, "parameters:\n  stage: {default: dev}"), ["E304"]),
    # paths -------------------------------------------------------------------------------------
    ("map item context fields", machine("""
        Each:
          type: map
          item_selector: {v.$: $$.Map.Item.Value, i.$: $$.Map.Item.Index, bad.$: $$.Map.Item.Valu}
          item_processor: {states: {W: {type: pass}}}
        """), ["E323"]),
    ("whole context object", machine("A: {type: pass, parameters: {ctx.$: $$}}"), []),
    ("map item in the legacy map parameters and a nested map's selector", machine("""
        Each:
          type: map
          parameters: {v.$: $$.Map.Item.Value, i.$: "States.Format('{}', $$.Map.Item.Index)"}
          item_processor:
            states:
              Inner:
                type: map
                items_path: $.v
                item_selector: {k.$: $$.Map.Item.Key, s.$: $$.Map.Item.Source}
                item_processor: {states: {W: {type: pass}}}
        """), []),
    ("map item read by an item processor state", machine("""
        Each:
          type: map
          item_processor:
            states:
              W: {type: pass, input_path: $$.Map.Item.Value, parameters: {i.$: "States.Format('{}', $$.Map.Item.Index)"}}
        """), ["E325", "E325"]),
    ("map item in the map's own other fields", machine("""
        Each:
          type: map
          items_path: $$.Map.Item.Value
          result_selector: {i.$: $$.Map.Item.Index}
          item_processor: {states: {W: {type: pass}}}
        """), ["E325", "E325"]),
    ("map item outside any map", machine("""
        C:
          type: choice
          choices: [{variable: $$.Map.Item.Index, numeric_equals: 0, next: D}]
        D: {type: succeed}
        """), ["E325"]),
    ("misspelt map item field outside a map is one error", machine("A: {type: pass, parameters: {v.$: $$.Map.Itm}}"),
     ["E325"]),
    ("reference result paths", machine("""
        A: {type: pass, result_path: "$.a[0]"}
        B: {type: pass, result_path: "$['a','b']"}
        C: {type: pass, result_path: $..a}
        """), ["E321", "E321"]),
    ("multi-key input path", machine("A: {type: pass, input_path: \"$['a','b']\"}"), []),
    ("context path inside an intrinsic", machine("""
        A: {type: pass, parameters: {x.$: "States.Format('{}', $$.Execution.Idd)"}}
        """), ["E323"]),
    ("dollar keys deep in lists", machine("""
        A: {type: pass, parameters: {items: [{id.$: $.id}, {id.$: "$.id["}]}}
        """), ["E320"]),
    ("context path under a plain key", machine("A: {type: pass, parameters: {id: $$.Execution.Id}}"), ["W400"]),
    ("choice variable and path operator", machine("""
        C:
          type: choice
          choices: [{variable: "$.a[", string_equals_path: "$.b[", next: D}]
        D: {type: succeed}
        """), ["E320", "E320"]),
    ("fail cause from an intrinsic", machine("""
        F: {type: fail, error_path: $.code, cause_path: "States.Format('failed: {}', $.why)"}
        """), []),
    ("seconds_path must be a reference path", machine("W: {type: wait, seconds_path: \"$.a[*]\"}"), ["E321"]),
    ("items_path from the execution input", machine("""
        Each:
          type: map
          items_path: $$.Execution.Input.items
          item_processor: {states: {W: {type: pass}}}
        """), []),
    ("JSONata states have no JSONPath paths to check", machine("""
        A: {type: pass, query_language: jsonata, output: "{% $states.input %}"}
        """), []),
    # variables in JSONPath: one code for a variable no state assigns, wherever it is read ---------
    ("variable path no state assigns", machine("A: {type: pass, parameters: {x.$: $count}}"), ["J610"]),
    ("intrinsic variable argument no state assigns", machine("""
        A: {type: pass, parameters: {x.$: "States.MathAdd($count, 1)"}}
        """), ["J610"]),
    ("intrinsic variable arguments assigned before, nested calls too", machine("""
        A: {type: pass, assign: {count: 1, tpl: "{}"}}
        B: {type: pass, parameters: {x.$: "States.Format($tpl, States.MathAdd($count.n, 1))"}}
        """), []),
    ("'$name' inside an intrinsic string literal is text", machine("""
        A: {type: pass, parameters: {x.$: "States.Format('costs $price: {}', $.n)"}}
        """), []),
    ("intrinsic variable typo", machine("""
        A: {type: pass, assign: {count: 1}}
        B: {type: pass, parameters: {x.$: "States.MathAdd($cont, 1)"}}
        """), ["J610"]),
    ("intrinsic variable assigned only inside a map iteration", machine("""
        Each:
          type: map
          item_processor: {states: {W: {type: pass, assign: {seen: 1}}}}
        After: {type: pass, parameters: {x.$: "States.MathAdd($seen, 1)"}}
        """), ["J611"]),
    ("intrinsic variable assigned on one path only", machine("""
        C:
          type: choice
          choices: [{variable: $.a, is_present: true, next: Set}]
          default: Use
        Set: {type: pass, assign: {n: 1}, next: Use}
        Use: {type: fail, cause_path: "States.Format('{}', $n)"}
        """), ["J612"]),
    ("unparsable intrinsic is E324 only", machine("""
        A: {type: pass, parameters: {x.$: "States.MathAdd($count, 1"}}
        """), ["E324"]),
    # asl rules ---------------------------------------------------------------------------------
    ("States.ALL retrier not last", machine("""
        T:
          type: task
          resource: "arn:aws:states:::sqs:sendMessage"
          retry: [{errors: [States.ALL]}, {errors: [States.Timeout]}]
        """), ["E330"]),
    ("max_delay_seconds zero", machine("""
        T: {type: task, resource: "arn:aws:states:::sqs:sendMessage", retry: [{errors: [X], max_delay_seconds: 0}]}
        """), ["E331"]),
    ("max_attempts zero is allowed", machine("""
        T: {type: task, resource: "arn:aws:states:::sqs:sendMessage", retry: [{errors: [X], max_attempts: 0}]}
        """), []),
    ("two operators in one rule", machine("""
        C:
          type: choice
          choices: [{variable: $.a, string_equals: x, is_present: true, next: D}]
        D: {type: succeed}
        """), ["E332"]),
    ("empty and", machine("""
        C: {type: choice, choices: [{and: [], next: D}]}
        D: {type: succeed}
        """), ["E332"]),
    ("condition in a JSONPath rule", machine("""
        C: {type: choice, choices: [{condition: true, next: D}]}
        D: {type: succeed}
        """), ["E332"]),
    ("variable without an operator", machine("""
        C: {type: choice, choices: [{variable: $.a, next: D}]}
        D: {type: succeed}
        """), ["E332", "E332"]),
    ("timestamp operator value", machine("""
        C: {type: choice, choices: [{variable: $.t, timestamp_equals: "2020-01-01 00:00:00", next: D}]}
        D: {type: succeed}
        """), ["E332"]),
    ("wait with nothing", machine("W: {type: wait}"), ["E333"]),
    ("wait seconds as a string", machine("W: {type: wait, seconds: \"10\"}"), ["E333"]),
    ("wait timestamp without zone", machine("W: {type: wait, timestamp: \"2030-01-01T00:00:00\"}"), ["E333"]),
    ("map with processor and iterator", machine("""
        Each:
          type: map
          item_processor: {states: {W: {type: pass}}}
          iterator: {states: {V: {type: pass}}}
        """), ["E335"]),
    ("distributed map without execution type", machine("""
        Each:
          type: map
          item_processor: {processor_config: {mode: distributed}, states: {W: {type: pass}}}
        """), ["E335"]),
    ("item reader on an inline map", machine("""
        Each:
          type: map
          item_reader: {resource: "arn:aws:states:::s3:listObjectsV2", parameters: {Bucket: b}}
          item_processor: {states: {W: {type: pass}}}
        """), ["E335"]),
    ("distributed map in an express machine", machine("""
        Each:
          type: map
          item_processor: {processor_config: {mode: distributed, execution_type: express}, states: {W: {type: pass}}}
        """, head="    type: express\n    logging: {level: error}\n"), ["E335"]),
    ("sync integration in an express machine", machine("""
        Run: {type: task, start_execution: other, integration: sync}
        """, "resources:\n  other: {type: state_machine, existing: {state_machine_name: other}}",
        head="    type: express\n    logging: {level: error}\n"), ["E336"]),
    ("heartbeat equal to the timeout", machine("""
        T: {type: task, resource: "arn:aws:states:::sqs:sendMessage", timeout_seconds: 60, heartbeat_seconds: 60}
        """), ["E337"]),
    ("heartbeat below the timeout", machine("""
        T: {type: task, resource: "arn:aws:states:::sqs:sendMessage", timeout_seconds: 60, heartbeat_seconds: 59}
        """), []),
    ("heartbeat alone, or against a timeout path", machine("""
        T: {type: task, resource: "arn:aws:states:::sqs:sendMessage", heartbeat_seconds: 600}
        U: {type: task, resource: "arn:aws:states:::sqs:sendMessage", timeout_seconds_path: $.t, heartbeat_seconds: 600}
        """), []),
    ("heartbeat as a JSONata expression is not compared", machine("""
        T:
          type: task
          query_language: jsonata
          resource: "arn:aws:states:::sqs:sendMessage"
          timeout_seconds: 60
          heartbeat_seconds: "{% 600 %}"
        """), []),
    ("unknown States error in a catcher", machine("""
        T: {type: task, resource: "arn:aws:states:::sqs:sendMessage", catch: [{errors: [States.All], next: F}]}
        F: {type: fail}
        """), ["W402"]),
    # limits -------------------------------------------------------------------------------------
    ("bucket named like an IP", machine("A: {type: pass, result: {b: \"${b.arn}\"}}",
                                        "resources:\n  b: {type: bucket, bucket_name: 192.168.5.4}"), ["E340"]),
    ("bucket with a reserved prefix", machine("A: {type: pass, result: {b: \"${b.arn}\"}}",
                                              "resources:\n  b: {type: bucket, bucket_name: xn--bucket}"), ["E340"]),
    ("bucket name with '..'", machine("A: {type: pass, result: {b: \"${b.arn}\"}}",
                                      "resources:\n  b: {type: bucket, bucket_name: my..bucket}"), ["E340"]),
    ("bucket name from a parameter is checked with its default", machine(
        "A: {type: pass, result: {b: \"${b.arn}\"}}",
        "parameters:\n  stage: {default: Dev}\nresources:\n  b: {type: bucket, bucket_name: \"${params.stage}\"}"),
     ["E340", "E340"]),
    ("wildcard actions", machine("A: {type: pass}", """
        resources:
          p: {type: managed_policy, statements: [{actions: ["*", "s3:*", "s3:Get*Object?"], resources: ["*"]}]}
          r: {type: role, assumed_by: states.amazonaws.com, managed_policies: [p]}
        """, head="    role: r\n"), ["E381", "W421"]),  # s3:Get*Object? matches no S3 action
    ("action without a service", machine("A: {type: pass}", """
        resources:
          p: {type: managed_policy, statements: [{actions: [PutObject], resources: ["*"]}]}
          r: {type: role, assumed_by: states.amazonaws.com, managed_policies: [p]}
        """, head="    role: r\n"), ["E341"]),
    ("function name too long", machine("A: {type: task, invoke: fn}", FUNCTION + "    function_name: " + "f" * 65),
     ["E340"]),
    # handlers -------------------------------------------------------------------------------------
    ("a node function needs its module's .js file", machine("A: {type: task, invoke: fn}", """
        resources:
          fn: {type: function, code: handlers/first, handler: index.handler, runtime: nodejs22.x}
        """), ["E350"]),
    ("a node runtime for a python handler", machine("A: {type: task, invoke: fn}", """
        resources:
          fn: {type: function, code: handlers/first, handler: lambda_function.lambda_handler, runtime: nodejs24.x}
        """), ["E361"]),
]


@pytest.mark.parametrize(("text", "expected"), [(t, e) for _, t, e in CASES], ids=[n for n, _, _ in CASES])
def test_rule(text: str, expected: list[str]) -> None:
    assert codes_of(text) == sorted(expected)


def test_forbidden_character_in_a_state_name_is_only_a_warning() -> None:
    report = compile_spec(ROOT / "inline.yaml", text=machine("Job Complete?: {type: succeed}").encode()).report
    (diag,) = report.sorted()
    assert (diag.code, diag.severity) == ("E314", Severity.WARNING)
    assert not report.has_errors
