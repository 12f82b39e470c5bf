"""Mocked responses: what each invocation of a mocked Task state gives, by invocation number.

A response maps invocation numbers (``"0"``) and inclusive ranges (``"1-2"``) to a result or an
error, as AWS's MockConfigFile does. Invocations are counted per state from 0, across retries,
Map iterations and Parallel branches of one execution.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from compiler import diagnostics as codes
from compiler.diagnostics import Finding
from compiler.source import Path


@dataclass(frozen=True)
class MockedAttempt:
    first: int
    last: int
    value: Any = None  # the task's result (Return)
    error: str | None = None  # Throw's Error: the task fails (Retry and Catch apply)
    cause: str = ""

    @property
    def throws(self) -> bool:
        return self.error is not None

    def key(self) -> str:
        return str(self.first) if self.first == self.last else f"{self.first}-{self.last}"


@dataclass(frozen=True)
class MockedResponse:
    name: str
    attempts: tuple[MockedAttempt, ...]

    def for_invocation(self, number: int) -> MockedAttempt | None:
        return next((a for a in self.attempts if a.first <= number <= a.last), None)

    def covered(self) -> str:
        return ", ".join(a.key() for a in self.attempts) or "none"


def parse_key(key: str) -> tuple[int, int] | None:
    """``"3"`` -> (3, 3); ``"1-2"`` -> (1, 2); None when malformed or decreasing."""
    first, sep, last = key.partition("-")
    try:
        low = int(first.strip())
        high = int(last.strip()) if sep else low
    except ValueError:
        return None
    return (low, high) if 0 <= low <= high else None


def build_response(
    name: str, entries: Mapping[str, Any], at: Path, attempt_of: Any
) -> tuple[MockedResponse, list[Finding]]:
    """A response from ``key -> attempt model``; ``attempt_of(model)`` gives (value, error, cause).

    Findings for keys that are no invocation number (T814) and ranges that overlap (T815).
    """
    findings: list[Finding] = []
    attempts: list[MockedAttempt] = []
    written: dict[int, str] = {}  # id of an attempt -> its key as written (for locating it)
    for key, model in entries.items():
        bounds = parse_key(key)
        if bounds is None:
            findings.append(Finding(codes.T_INVOCATION_KEY, f"'{key}' is not an invocation number or range",
                                    (*at, key), 'write "0", "3" or an inclusive range "1-2" (first <= last)',
                                    on_key=True))
            continue
        value, error, cause = attempt_of(model)
        attempt = MockedAttempt(bounds[0], bounds[1], value, error, cause)
        written[id(attempt)] = key
        attempts.append(attempt)
    for earlier, later in _overlaps(attempts):
        key = written[id(later)]
        findings.append(Finding(codes.T_OVERLAP,
                                f"invocations '{key}' overlap '{written[id(earlier)]}' in the response '{name}'",
                                (*at, key), "each invocation number may appear in one key only", on_key=True))
    attempts.sort(key=lambda a: a.first)
    return MockedResponse(name, tuple(attempts)), findings


def _overlaps(attempts: Iterable[MockedAttempt]) -> Iterator[tuple[MockedAttempt, MockedAttempt]]:
    seen: list[MockedAttempt] = []
    for attempt in attempts:
        for other in seen:
            if attempt.first <= other.last and other.first <= attempt.last:
                yield other, attempt
                break
        seen.append(attempt)
