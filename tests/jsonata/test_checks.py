"""checks/jsonata.py and checks/variables.py: code and line of each finding, via compile_spec."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from compiler.pipeline import compile_spec

REPO = Path(__file__).resolve().parents[2]
ARN = "arn:aws:lambda:us-east-1:123456789012:function:f"


def findings(yaml_text: str) -> list[tuple[str, int]]:
    text = textwrap.dedent(yaml_text).lstrip("\n")
    report = compile_spec("spec.yaml", text=text.encode()).report
    return [(d.code, d.span.line) for d in report.sorted()]


def line_of(yaml_text: str, needle: str) -> int:
    lines = textwrap.dedent(yaml_text).lstrip("\n").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def test_the_jsonata_seed_validates_clean() -> None:
    report = compile_spec(REPO / "examples" / "seed-jsonata.yaml").report
    assert report.sorted() == []


SYNTAX = f"""
version: 1
state_machines:
  m:
    query_language: jsonata
    states:
      Work:
        type: task
        resource: {ARN}
        arguments:
          ok: "{{% $states.input.a %}}"
          broken: "{{% $states.input.a + %}}"
"""


def test_syntax_error_at_the_line_of_the_expression() -> None:
    assert findings(SYNTAX) == [("J600", line_of(SYNTAX, "broken:"))]


FORBIDDEN = f"""
version: 1
state_machines:
  m:
    query_language: jsonata
    states:
      Work:
        type: task
        resource: {ARN}
        input_path: $.a
        end: true
"""


def test_a_jsonpath_field_in_a_jsonata_state() -> None:
    # asl_rules owns the state-level language check (E336); the finding must be on the field's line.
    assert findings(FORBIDDEN) == [("E336", line_of(FORBIDDEN, "input_path"))]


OUT_OF_SCOPE = """
version: 1
state_machines:
  m:
    query_language: jsonata
    states:
      Fan out:
        type: parallel
        branches:
          - states:
              Inside:
                type: pass
                assign:
                  inner: 1
      After:
        type: pass
        output: "{% $inner %}"
"""


def test_a_variable_read_outside_its_branch() -> None:
    assert findings(OUT_OF_SCOPE) == [("J611", line_of(OUT_OF_SCOPE, "$inner"))]


@pytest.mark.parametrize(
    ("states", "expected"),
    [
        # Never assigned, with a did-you-mean over what is visible.
        ("""
      A: {type: pass, assign: {total: 1}}
      B: {type: pass, output: "{% $totl %}"}
""", [("J610", 2)]),
        # A variable is readable in an inner scope; local JSONata bindings are not variables.
        ("""
      A: {type: pass, assign: {x: 1}}
      B:
        type: map
        items: [1, 2]
        item_processor:
          states:
            In: {type: pass, output: "{% ($y := $x; $y + $states.input) %}"}
""", []),
        # Assigned on one path only.
        ("""
      Pick:
        type: choice
        choices:
          - {condition: "{% $states.input.go %}", next: Set, assign: {}}
        default: Use
      Set: {type: pass, assign: {v: 1}}
      Use: {type: pass, output: "{% $v %}"}
""", [("J612", 7)]),
        # The state's own Assign is not visible to its Output (old values).
        ("""
      A: {type: pass, assign: {v: 1}, output: "{% $v %}"}
""", [("J612", 1)]),
        # $states.result only after the work; errorOutput only in a catcher.
        (f"""
      T:
        type: task
        resource: {ARN}
        arguments: "{{% $states.result %}}"
        output: "{{% $states.errorOutput %}}"
        catch:
          - errors: [States.ALL]
            next: F
            output: "{{% $states.errorOutput.Cause & $states.result %}}"
      F: {{type: pass, output: "{{% $states.inptu %}}"}}
""", [("J601", 4), ("J601", 5), ("J601", 9), ("J601", 10)]),
        # '.$' keys and Pass 'result' are JSONPath.
        ("""
      A: {type: pass, result: 1, output: {"a.$": "$.a"}}
""", [("J602", 1), ("J604", 1)]),
        # A branch assigning an outer name does not change it outside.
        ("""
      A: {type: pass, assign: {x: 1}}
      B:
        type: parallel
        branches:
          - states:
              In: {type: pass, assign: {x: 2}}
""", [("J613", 6)]),
        # Invalid variable names.
        ("""
      A: {type: pass, assign: {"$x": 1, "states": 2, "ok_1": 3}}
""", [("J605", 1), ("J605", 1)]),
    ],
)
def test_jsonata_machine_findings(states: str, expected: list[tuple[str, int]]) -> None:
    head = "version: 1\nstate_machines:\n  m:\n    query_language: jsonata\n    states:"
    offset = head.count("\n") + 1  # 'states:' is line 5; the snippet's line 1 is line 6
    got = findings(head + states)
    assert sorted(got) == sorted((code, line + offset) for code, line in expected)


JSONPATH = f"""
version: 1
state_machines:
  m:
    states:
      Loop:
        type: map
        item_processor:
          states:
            Inner: {{type: pass, assign: {{deep: 1}}}}
      Read:
        type: pass
        parameters:
          a.$: $deep
          b.$: States.Format('{{}} $nope', $deep2)
          c: "{{% $states.input %}}"
      Call:
        type: task
        resource: {ARN}
        arguments: {{x: 1}}
"""


def test_jsonpath_machines_read_variables_in_paths_and_intrinsics() -> None:
    got = findings(JSONPATH)
    assert ("J611", line_of(JSONPATH, "a.$")) in got  # assigned only in the Map iteration
    assert ("J610", line_of(JSONPATH, "b.$")) in got  # '$nope' inside quotes is text, '$deep2' is read
    assert ("J603", line_of(JSONPATH, "c:")) in got  # a '{% %}' string is plain text in JSONPath
    assert ("E336", line_of(JSONPATH, "arguments")) in got  # asl_rules: 'arguments' is JSONata


NUMBERS = """
version: 1
state_machines:
  m:
    states:
      Fan:
        type: map
        query_language: jsonata
        items: "{% $states.input.list %}"
        max_concurrency: "{% $states.input.limit %}"
        tolerated_failure_count: "3"
        item_processor:
          states:
            In: {type: pass}
      Wait more:
        type: map
        max_concurrency: "{% 2 %}"
        item_processor:
          states:
            In2: {type: pass}
"""


def test_number_fields_take_expressions_only_in_jsonata() -> None:
    got = findings(NUMBERS)
    assert ("J604", line_of(NUMBERS, "tolerated_failure_count")) in got
    assert ("J604", line_of(NUMBERS, 'max_concurrency: "{% 2 %}"')) in got
    assert ("J604", line_of(NUMBERS, "max_concurrency: \"{% $states")) not in got
