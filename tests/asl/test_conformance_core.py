"""Run the recorded AWS executions that only need the ASL language core.

A deliberately tiny evaluator (Pass, Choice, Succeed, Fail; JSONPath only)
drives compiler.asl over the conformance categories choice, intrinsics,
io_processing and context. Cases needing other state types, JSONata or
variables are skipped with a reason; the rest must match AWS (status, error,
cause, output and every recorded state's input/output), except for the
explained entries in KNOWN_FAILURES.

This is not the interpreter's harness (compiler/run has its own); it pins
the language core's semantics to what AWS did.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from compiler.asl import (
    StatesError,
    apply_input_path,
    apply_result_path,
    evaluate_payload,
    evaluate_value_expression,
    select_next,
    state_cause,
)
from tests import shared

CORPUS = shared.CONFORMANCE_ASL
CATEGORIES = ("choice", "intrinsics", "io_processing", "context", "errors", "pass")
CORE_STATES = {"Pass", "Choice", "Succeed", "Fail"}

# case file stem -> why it does not match AWS (yet). Keep this short and honest.
KNOWN_FAILURES: dict[str, str] = {}


def _cases() -> list[Any]:
    paths = [path for cat in CATEGORIES for path in sorted((CORPUS / cat).glob("*.json"))]
    return shared.case_params(paths)


# ------------------------------------------------------------- mini evaluator


class Failed(Exception):
    def __init__(self, error: str | None, cause: str | None) -> None:
        super().__init__(error, cause)
        self.error = error
        self.cause = cause


def _context(case: dict[str, Any], state_name: str) -> dict[str, Any]:
    machine = "TestMachine"
    execution = "test-execution-0001"
    arn = f"arn:aws:states:us-east-1:111111111111:execution:{machine}:{execution}"
    if case["state_machine_type"] == "EXPRESS":
        # Express execution ARNs carry one more part after the name.
        arn = f"arn:aws:states:us-east-1:111111111111:express:{machine}:{execution}:a1b2c3d4"
    execution_obj: dict[str, Any] = {
        "Id": arn,
        "Input": case["input"],
        "StartTime": "2024-01-01T00:00:00.000Z",
        "Name": execution,
        "RoleArn": "arn:aws:iam::111111111111:role/test-role",
        "RedriveCount": 0,
    }
    if "test_express_sync.py" in case["id"]:
        # Recorded: synchronous Express executions have no RedriveCount.
        del execution_obj["RedriveCount"]
    return {
        "Execution": execution_obj,
        "StateMachine": {
            "Id": f"arn:aws:states:us-east-1:111111111111:stateMachine:{machine}",
            "Name": machine,
        },
        "State": {"Name": state_name, "EnteredTime": "2024-01-01T00:00:00.001Z"},
    }


# Cases that exercise the interpreter rather than the language core.
OUT_OF_SCOPE = {
    "states_errors__start_large_input": "payload size limits (States.DataLimitExceeded) belong to compiler/run",
}


def _unsupported(case: dict[str, Any], stem: str = "") -> str | None:
    definition = case["definition"]
    if stem in OUT_OF_SCOPE:
        return OUT_OF_SCOPE[stem]
    if case["query_language"] != "JSONPath" or "jsonata" in case["tags"]:
        return "JSONata"
    for name, state in definition["States"].items():
        if state["Type"] not in CORE_STATES:
            return f"state {name!r} is a {state['Type']} (not a core state)"
        if "Assign" in state or state.get("QueryLanguage") == "JSONata":
            return "variables / JSONata"
    return None


def run(case: dict[str, Any]) -> tuple[Any, list[dict[str, Any]]]:
    """Execute; returns (output, states) or raises Failed."""
    states_def = case["definition"]["States"]
    name = case["definition"]["StartAt"]
    data = case["input"]
    history: list[dict[str, Any]] = []
    event_id = 2  # 1 is ExecutionStarted; each core state adds Entered + Exited
    while True:
        state = states_def[name]
        ctx = _context(case, name)
        entry = {"name": name, "entered_input": data, "exited_output": None}
        history.append(entry)
        try:
            nxt, data = _step(state, data, ctx)
        except StatesError as exc:
            raise Failed(exc.error, state_cause(name, event_id, exc.cause)) from None
        entry["exited_output"] = data
        if nxt is None:
            return data, history
        name = nxt
        event_id += 2


def _step(state: dict[str, Any], raw: Any, ctx: Any) -> tuple[str | None, Any]:
    kind = state["Type"]
    if kind == "Fail":
        error = state.get("Error")
        cause = state.get("Cause")
        if "ErrorPath" in state:
            error = evaluate_value_expression(state["ErrorPath"], raw, ctx, field="ErrorPath")
        if "CausePath" in state:
            cause = evaluate_value_expression(state["CausePath"], raw, ctx, field="CausePath")
        raise Failed(error, cause)
    data = apply_input_path(state["InputPath"], raw, ctx) if "InputPath" in state else raw
    if kind == "Choice":
        nxt = select_next(state, data, ctx)
        if nxt is None:
            raise StatesError("States.NoChoiceMatched", "No choice matched")
        return nxt, _output(state, data, ctx)
    if kind == "Pass":
        if "Parameters" in state:
            data = evaluate_payload(state["Parameters"], data, ctx)
        result = state.get("Result", data)
        output = apply_result_path(raw, state["ResultPath"], result) if "ResultPath" in state else result
        data = _output(state, output, ctx)
    else:  # Succeed
        data = _output(state, data, ctx)
    end = kind == "Succeed" or state.get("End", False)
    return (None if end else state["Next"]), data


def _output(state: dict[str, Any], data: Any, ctx: Any) -> Any:
    return apply_input_path(state["OutputPath"], data, ctx) if "OutputPath" in state else data


# ---------------------------------------------------------- placeholder match

_DATE = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?"


def _token_regex(token: str) -> str:
    if token == "date":
        return _DATE
    if token == "111111111111":
        return r"\d{12}"
    return r".+?"


def _string_pattern(expected: str, placeholders: list[str]) -> re.Pattern[str] | None:
    alternatives = []
    for token in sorted(placeholders, key=len, reverse=True):
        esc = re.escape(token)
        # A bare token counts only where it stands on its own.
        alternatives.append(esc if token.startswith("<") else rf"(?<![A-Za-z0-9_\-]){esc}(?![A-Za-z0-9_\-])")
    if not alternatives:
        return None
    finder = re.compile("|".join(alternatives))
    pieces: list[str] = []
    last = 0
    for m in finder.finditer(expected):
        pieces.append(re.escape(expected[last : m.start()]))
        pieces.append(f"(?:{re.escape(m.group())}|{_token_regex(m.group())})")
        last = m.end()
    if last == 0:
        return None
    pieces.append(re.escape(expected[last:]))
    return re.compile("".join(pieces) + r"\Z", re.DOTALL)


def matches(expected: Any, actual: Any, placeholders: list[str]) -> bool:
    if isinstance(expected, str) and expected in placeholders:
        return True  # a whole value replaced by a token: any JSON value
    if isinstance(expected, bool) or isinstance(actual, bool):
        return expected is actual
    if isinstance(expected, int | float) and isinstance(actual, int | float):
        return expected == actual
    if isinstance(expected, str):
        if not isinstance(actual, str):
            return False
        if expected == actual:
            return True
        pat = _string_pattern(expected, placeholders)
        return pat is not None and pat.match(actual) is not None
    if isinstance(expected, list):
        return (
            isinstance(actual, list)
            and len(expected) == len(actual)
            and all(matches(e, a, placeholders) for e, a in zip(expected, actual, strict=True))
        )
    if isinstance(expected, dict):
        if not isinstance(actual, dict) or len(expected) != len(actual):
            return False
        remaining = dict(actual)
        for key, value in expected.items():
            hit = key if key in remaining else next((k for k in remaining if matches(key, k, placeholders)), None)
            if hit is None or not matches(value, remaining.pop(hit), placeholders):
                return False
        return True
    return bool(expected == actual) and type(expected) is type(actual)


def check_case(case: dict[str, Any]) -> list[str]:
    """Differences between our run and AWS's recording (empty = pass)."""
    expected = case["expected"]
    ph = case.get("placeholders", [])
    problems: list[str] = []
    history: list[dict[str, Any]] = []
    try:
        output, history = run(case)
        status, error, cause = "SUCCEEDED", None, None
    except Failed as exc:
        output, status, error, cause = None, "FAILED", exc.error, exc.cause
    if status != expected["status"]:
        problems.append(f"status {status} ({error}: {cause}) != {expected['status']}")
        return problems
    if error != expected["error"]:
        problems.append(f"error {error!r} != {expected['error']!r}")
    if expected["cause"] is not None and not matches(expected["cause"], cause, ph):
        problems.append(f"cause {cause!r} != {expected['cause']!r}")
    if status == "SUCCEEDED" and not matches(expected["output"], output, ph):
        problems.append(f"output {json.dumps(output)} != {json.dumps(expected['output'])}")
    recorded = [s for s in case.get("expected_states", []) if not s["nested"]]
    if recorded and status == "SUCCEEDED":
        for exp, got in zip(recorded, history, strict=False):
            if exp["name"] != got["name"]:
                problems.append(f"state order {got['name']} != {exp['name']}")
            elif not matches(exp["entered_input"], got["entered_input"], ph):
                problems.append(f"{exp['name']} input {got['entered_input']} != {exp['entered_input']}")
            elif exp["exited"] and not matches(exp["exited_output"], got["exited_output"], ph):
                problems.append(f"{exp['name']} output {got['exited_output']} != {exp['exited_output']}")
    return problems


@shared.conformance
@pytest.mark.parametrize("path", _cases())
def test_conformance_case(path: Path) -> None:
    case = json.loads(path.read_text(encoding="utf-8"))
    reason = _unsupported(case, path.stem)
    if reason:
        pytest.skip(reason)
    problems = check_case(case)
    key = path.stem
    if key in KNOWN_FAILURES:
        if problems:
            pytest.xfail(KNOWN_FAILURES[key])
        pytest.fail(f"{key} is listed in KNOWN_FAILURES but now passes; remove it")
    assert not problems, "\n".join(problems)


@shared.conformance
def test_corpus_present_and_pass_rate(capsys: pytest.CaptureFixture[str]) -> None:
    """Report per-category pass rates; 100% of the supported cases must pass."""
    lines = []
    for cat in CATEGORIES:
        total = passed = skipped = known = 0
        for path in sorted((CORPUS / cat).glob("*.json")):
            case = json.loads(path.read_text(encoding="utf-8"))
            total += 1
            if _unsupported(case, path.stem):
                skipped += 1
            elif not check_case(case):
                passed += 1
            elif path.stem in KNOWN_FAILURES:
                known += 1
        supported = total - skipped
        lines.append(
            f"{cat}: {passed}/{supported} supported cases pass "
            f"({known} known failures, {skipped} skipped)"
        )
        assert total > 0, f"no cases found for {cat}"
        assert passed + known == supported, lines[-1]
    with capsys.disabled():
        print("\n" + "\n".join(lines))


@shared.conformance
def test_checker_detects_differences() -> None:
    """The comparison must not be so lenient that everything passes."""
    path = CORPUS / "intrinsics" / "math_operations__math_add__exec_hist_resp_1.json"
    case = json.loads(path.read_text(encoding="utf-8"))
    assert check_case(case) == []
    case["expected"]["output"] = {"FunctionResult": 2.99}
    assert check_case(case)
    case["expected"]["status"] = "FAILED"
    assert check_case(case)


@pytest.mark.parametrize(
    ("expected", "actual", "ok"),
    [
        ("arn:<region>:x", "arn:us-east-1:x", True),
        ("arn:<region>:x", "arn:us-east-1:y", False),
        ("at date now", "at 2024-01-01T00:00:00Z now", True),
        ("at date now", "at yesterday now", False),
        ("update", "update", True),  # 'date' inside a word is not a placeholder
        ("RandomNumberGenerated", 17, True),
        (1, 1.0, True),
        (1, True, False),
        ({"a": [1, "x"]}, {"a": [1, "x"]}, True),
        ({"a": [1, "x"]}, {"a": [1, "x"], "b": 2}, False),
    ],
)
def test_placeholder_matching(expected: Any, actual: Any, ok: bool) -> None:
    assert matches(expected, actual, ["<region>", "date", "RandomNumberGenerated"]) is ok
