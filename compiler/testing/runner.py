"""Run prepared cases in-process: one embedded emulator per run, each case an execution on the virtual clock.

Cases share one embedded moto (started once, with the specs' buckets): what a case's handlers
write stays visible to the cases after it. Everything else (handler modules, invocation counts,
virtual time) is fresh for each case.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from compiler.local.emulator import Emulator
from compiler.local.errors import LocalError
from compiler.local.fixtures import Fixtures
from compiler.local.session import RunOptions, run_local
from compiler.local.setup import LocalSetup
from compiler.run import Execution
from compiler.testing.coverage import Coverage
from compiler.testing.expect import Mismatch, compare
from compiler.testing.models import Expectation
from compiler.testing.responses import MockedResponse
from compiler.testing.state_mocks import CaseMocks

PASSED, FAILED, ERROR = "passed", "failed", "error"


@dataclass
class CaseResult:
    name: str
    file: str
    line: int
    machine: str
    outcome: str  # passed | failed | error (could not run)
    seconds: float
    mismatches: list[Mismatch] = field(default_factory=list)
    message: str | None = None  # why it could not run
    execution: Execution | None = None

    @property
    def passed(self) -> bool:
        return self.outcome == PASSED

    @property
    def node_id(self) -> str:
        return f"{self.file}::{self.name}"


@dataclass
class RunnableCase:
    """Everything one execution needs, from a YAML case or a MockConfigFile test case."""

    name: str
    file: str
    line: int
    setup: LocalSetup
    mocks: dict[str, MockedResponse]
    expectation: Expectation
    input: Any = None
    task_answers: dict[str, Any] | None = None
    seed: int = 0
    fixtures: Fixtures | None = None  # data put into the emulator first (the case starts from a clean emulator)


class _SharedEmulator(Emulator):
    """The run's one embedded moto, already active: each case's run_local enters it for free."""

    @contextmanager
    def active(self, buckets: Sequence[str]) -> Iterator[Emulator]:
        yield self


@contextmanager
def shared_emulator(buckets: Sequence[str]) -> Iterator[Emulator]:
    outer = Emulator()
    with outer.active(sorted(set(buckets))):
        yield _SharedEmulator()


def run_case(case: RunnableCase, emulator: Emulator, coverage: Coverage | None = None) -> CaseResult:
    started = time.perf_counter()
    label = f"test case '{case.name}' of {case.file}"
    options = RunOptions(input=case.input, seed=case.seed, task_answers=case.task_answers or None,
                         state_mocks=CaseMocks({case.setup.machine_name: case.mocks}, label), fixtures=case.fixtures,
                         record_changes=False)
    if case.fixtures is not None:
        # Fixture data is the case's own: start from an emptied emulator (the spec's buckets again).
        emulator.reset(case.setup.buckets)
    result = CaseResult(case.name, case.file, case.line, case.setup.label, ERROR, 0.0)
    try:
        ran = run_local(case.setup, options, emulator)
    except LocalError as exc:
        result.message = str(exc)
    else:
        result.execution = ran.execution
        result.mismatches = compare(case.expectation, ran.execution)
        result.outcome = FAILED if result.mismatches else PASSED
        if coverage is not None:
            coverage.add_execution(ran.execution)
    if case.fixtures is not None:
        emulator.reset(case.setup.buckets)  # and leave none of it to the cases after it
    result.seconds = time.perf_counter() - started
    return result
