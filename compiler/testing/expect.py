"""A case's expectations against its execution: each mismatch with its path inside the JSON.

Subset matching (``output_contains``, per-state values, a mapping ``cause``): a mapping matches when
every expected key matches (more keys are fine), a list when it has the same length and each item
matches, anything else when it is equal (``1`` is not ``true``, ``1`` equals ``1.0``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from compiler.run import Execution, StateRecord
from compiler.testing.models import Expectation, StateExpectation

_MISSING: Any = type("Missing", (), {"__repr__": lambda self: "<absent>"})()


@dataclass(frozen=True)
class Mismatch:
    path: str  # e.g. output.items[2].id, state["Second Task"].cause.errorMessage
    expected: Any
    actual: Any
    note: str = ""

    def describe(self) -> str:
        head = f"{self.path}: {self.note}" if self.note else self.path
        return f"{head}\n    expected: {_show(self.expected)}\n    actual:   {_show(self.actual)}"


def _show(value: Any) -> str:
    if value is _MISSING:
        return "<absent>"
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def compare(expectation: Expectation, execution: Execution) -> list[Mismatch]:
    out: list[Mismatch] = []
    status = expectation.status or ("FAILED" if expectation.error is not None else "SUCCEEDED")
    if execution.status != status:
        note = f"{execution.error}: {execution.cause}" if execution.status != "SUCCEEDED" else ""
        out.append(Mismatch("status", status, execution.status, note[:500]))
    if "output" in expectation.model_fields_set:
        out.extend(exact(expectation.output, execution.output, "output"))
    if "output_contains" in expectation.model_fields_set:
        out.extend(subset(expectation.output_contains, execution.output, "output"))
    if expectation.error is not None and expectation.error != execution.error:
        out.append(Mismatch("error", expectation.error, execution.error))
    if "cause" in expectation.model_fields_set:
        out.extend(cause_matches(expectation.cause, execution.cause, "cause"))
    records = execution.states
    names = [r.name for r in records]
    if expectation.states is not None and expectation.states != names:
        out.append(Mismatch("states", expectation.states, names, "the states entered, in order"))
    for name in expectation.states_include or ():
        if name not in names:
            out.append(Mismatch("states_include", name, sorted(set(names)), f"'{name}' was never entered"))
    for name in expectation.states_exclude or ():
        if name in names:
            out.append(Mismatch("states_exclude", name, names, f"'{name}' was entered"))
    for name, wanted in expectation.state.items():
        out.extend(_state(name, wanted, [r for r in records if r.name == name]))
    if expectation.variables is not None:
        values = last_variables(records)
        for name, value in expectation.variables.items():
            out.extend(exact(value, values.get(name, _MISSING), f"variables.{name}"))
    return out


def last_variables(records: list[StateRecord]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for record in records:
        values.update(record.assigned_variables or {})
    return values


def _state(name: str, wanted: StateExpectation, records: list[StateRecord]) -> list[Mismatch]:
    at = f"state[{json.dumps(name, ensure_ascii=False)}]"
    given = wanted.model_fields_set
    if wanted.entered is False:
        return [Mismatch(f"{at}.entered", False, True)] if records else []
    if not records:
        return [Mismatch(f"{at}.entered", True, False, "the state was never entered")]
    record = records[-1]
    out: list[Mismatch] = []
    if wanted.times_entered is not None and wanted.times_entered != len(records):
        out.append(Mismatch(f"{at}.times_entered", wanted.times_entered, len(records)))
    if wanted.attempts is not None and wanted.attempts != 1 + len(record.retried):
        out.append(Mismatch(f"{at}.attempts", wanted.attempts, 1 + len(record.retried)))
    if "input" in given:
        out.extend(subset(wanted.input, record.entered_input, f"{at}.input"))
    if "output" in given:
        out.extend(subset(wanted.output, record.exited_output if record.exited else _MISSING, f"{at}.output"))
    if "result" in given:
        out.extend(subset(wanted.result, record.result if record.has_result else _MISSING, f"{at}.result"))
    if wanted.error is not None and wanted.error != record.error:
        out.append(Mismatch(f"{at}.error", wanted.error, record.error))
    if "cause" in given:
        out.extend(cause_matches(wanted.cause, record.cause, f"{at}.cause"))
    return out


def cause_matches(expected: Any, actual: str | None, path: str) -> list[Mismatch]:
    """A text cause is compared exactly; a mapping against the cause parsed as JSON (a Lambda error's)."""
    if isinstance(expected, dict):
        try:
            parsed = json.loads(actual) if actual is not None else _MISSING
        except ValueError:
            return [Mismatch(path, expected, actual, "the cause is not JSON")]
        return subset(expected, parsed, path)
    return exact(expected, actual, path)


def exact(expected: Any, actual: Any, path: str) -> list[Mismatch]:
    return _walk(expected, actual, path, partial=False)


def subset(expected: Any, actual: Any, path: str) -> list[Mismatch]:
    return _walk(expected, actual, path, partial=True)


def _walk(expected: Any, actual: Any, path: str, *, partial: bool) -> list[Mismatch]:
    if isinstance(expected, dict) and isinstance(actual, dict):
        out: list[Mismatch] = []
        for key, value in expected.items():
            out.extend(_walk(value, actual.get(key, _MISSING), _key(path, key), partial=partial))
        if not partial:
            out.extend(Mismatch(_key(path, key), _MISSING, actual[key], "not expected") for key in actual
                       if key not in expected)
        return out
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return [Mismatch(path, expected, actual, f"{len(expected)} items expected, {len(actual)} found")]
        return [m for i, (e, a) in enumerate(zip(expected, actual, strict=True))
                for m in _walk(e, a, f"{path}[{i}]", partial=partial)]
    if _same(expected, actual):
        return []
    return [Mismatch(path, expected, actual)]


def _same(expected: Any, actual: Any) -> bool:
    if isinstance(expected, bool) or isinstance(actual, bool):
        return type(expected) is type(actual) and expected == actual
    return bool(expected == actual) and type(expected) is not type(_MISSING) and actual is not _MISSING


def _key(path: str, key: str) -> str:
    return f"{path}.{key}" if key.isidentifier() else f"{path}[{json.dumps(key, ensure_ascii=False)}]"
