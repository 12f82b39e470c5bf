"""The numeric settings of a Map state, with AWS's wording when they are wrong."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from compiler.asl.errors import PathNotFoundError
from compiler.asl.jsonata import JsonataError
from compiler.asl.jsonpath import evaluate, to_json
from compiler.run import query
from compiler.run.runtime import Step

# AWS reads a *Path value as text (recorded: a variable holding "1" is a valid MaxConcurrencyPath).
_INTEGER_TEXT = re.compile(r"[+-]?\d+\Z")


@dataclass(frozen=True, slots=True)
class MapLimits:
    max_concurrency: int  # 0: no limit
    tolerated_count: int | None
    tolerated_percentage: float | None

    def exceeded(self, failed: int, total: int) -> bool:
        if failed == 0:
            return False
        if self.tolerated_count is None and self.tolerated_percentage is None:
            return True
        if self.tolerated_count is not None and failed > self.tolerated_count:
            return True
        return self.tolerated_percentage is not None and total > 0 and failed * 100.0 / total > self.tolerated_percentage


def _show(value: Any) -> str:
    return value if isinstance(value, str) else to_json(value)


def _from_path(step: Step, data: Any, field: str) -> tuple[Any, str]:
    path = step.state[f"{field}Path"]
    try:
        return evaluate(path, data, step.context() if "$$" in path else None, step.scope.variables), path
    except PathNotFoundError:
        raise step.runtime_error(f"The {field}Path field references a path that does not exist: {path}") from None


def _literal(step: Step, field: str) -> float:
    """The field written in the state; in JSONata it may be an expression giving a number."""
    raw = step.state[field]
    if not step.jsonata:
        return float(raw)
    value = query.value(step, raw, field, "number")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise JsonataError(f"The {field} field must be a number, but was: {_show(value)}")
    return float(value)


def _integer(step: Step, data: Any, field: str) -> int | None:
    if field in step.state:
        value = _literal(step, field)
        if value != int(value):
            raise step.runtime_error(f"The {field} field must be an integer, but was: {_show(value)}")
        return int(value)
    if f"{field}Path" not in step.state:
        return None
    value, path = _from_path(step, data, field)
    if isinstance(value, str) and _INTEGER_TEXT.match(value.strip()):
        return int(value)
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
        raise step.runtime_error(
            f'The {field}Path field refers to value "{_show(value)}" which is not a valid integer: {path}'
        )
    return int(value)


def _number(step: Step, data: Any, field: str) -> float | None:
    if field in step.state:
        return _literal(step, field)
    if f"{field}Path" not in step.state:
        return None
    value, path = _from_path(step, data, field)
    if isinstance(value, str):
        value = _parse_float(value)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise step.runtime_error(
            f'The {field}Path field refers to value "{_show(value)}" which is not a valid float: {path}'
        )
    return float(value)


def _parse_float(text: str) -> Any:
    try:
        return float(text)
    except ValueError:
        return text


def read_limits(step: Step, data: Any) -> MapLimits:
    concurrency = _integer(step, data, "MaxConcurrency") or 0
    if concurrency < 0:
        raise step.runtime_error("MaxConcurrency cannot be negative.")
    count = _integer(step, data, "ToleratedFailureCount")
    if count is not None and count < 0:
        raise step.runtime_error("ToleratedFailureCount cannot be negative.")
    percentage = _number(step, data, "ToleratedFailurePercentage")
    if percentage is not None and not 0 <= percentage <= 100:
        raise step.runtime_error("ToleratedFailurePercentage must be between 0 and 100.")
    return MapLimits(concurrency, count, percentage)
