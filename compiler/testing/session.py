"""One ``compiler test`` run: collect the cases (YAML test files, or a MockConfigFile's test cases), run, cover.

Used by the command and by the pytest plugin alike.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from compiler import diagnostics as codes
from compiler.diagnostics import Finding, Report
from compiler.testing.coverage import Coverage
from compiler.testing.discover import for_spec, in_folder, is_test_file
from compiler.testing.mock_config import check_states, load_mock_config
from compiler.testing.models import Expectation
from compiler.testing.runner import CaseResult, RunnableCase, run_case, shared_emulator
from compiler.testing.suite import Suite, load_suite
from compiler.testing.target import Target, load_target


@dataclass
class Collected:
    cases: list[RunnableCase] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)  # every file's report (errors make the run a usage error)
    targets: dict[Path, Target] = field(default_factory=dict)
    suites: list[Suite] = field(default_factory=list)
    usage: list[str] = field(default_factory=list)  # paths that are neither tests nor specs

    @property
    def has_errors(self) -> bool:
        return bool(self.usage) or any(r.has_errors for r in self.reports)


def collect(paths: Iterable[Path], *, mock_config: Path | None = None, pattern: str | None = None) -> Collected:
    """The cases of ``paths`` (test files, folders, specs; none: the current folder) selected by ``-k``."""
    found = Collected()
    given = list(paths) or ([Path("workflow.yaml")] if mock_config is not None else [Path(".")])
    if mock_config is not None:
        for spec in given:
            _collect_mock_config(found, spec, mock_config)
    else:
        files: list[tuple[Path, Path | None]] = []
        for path in given:
            if path.is_dir():
                files.extend((f, None) for f in in_folder(path))
            elif path.is_file() and is_test_file(path):
                files.append((path, None))
            elif path.is_file():
                files.extend((f, path.resolve()) for f in for_spec(path))
            else:
                found.usage.append(f"{path}: no such file or folder")
        seen: set[Path] = set()
        for file, owner in files:
            if file.resolve() in seen:
                continue
            seen.add(file.resolve())
            suite = load_suite(file, found.targets)
            if owner is not None and suite.spec is not None and suite.spec != owner:
                continue  # a test file of another spec in the same tests/workflow folder
            found.suites.append(suite)
            found.reports.extend([*suite.reports, suite.report])
            found.cases.extend(RunnableCase(c.name, str(c.file), c.line, c.setup, c.mocks, c.model.expect,
                                            c.model.input, dict(c.model.task_answers), c.model.seed,
                                            c.fixtures)
                               for c in suite.cases)
    if pattern:
        found.cases = [c for c in found.cases if _selected(pattern, c)]
    return found


def _selected(pattern: str, case: RunnableCase) -> bool:
    """``-k``: a substring of the case's name or file::name, or a glob over them (case-insensitive)."""
    words = (case.name.lower(), f"{case.file}::{case.name}".lower())
    wanted = pattern.lower()
    return any(wanted in w or fnmatch.fnmatchcase(w, wanted) for w in words)


def _collect_mock_config(found: Collected, spec: Path, mock_config: Path) -> None:
    """Every test case of the file whose machine is one of the spec's (by name), run as is: input {}."""
    config = load_mock_config(mock_config)
    found.reports.append(config.report)
    if not config.ok:
        return
    target = found.targets.get(spec.resolve()) or load_target(spec)
    found.targets[spec.resolve()] = target
    if target.error is not None:
        found.reports.extend(target.reports)
        found.usage.append(f"{spec}: {target.error}")
        return
    names = target.machines()
    matched = False
    for machine, cases in config.machines.items():
        if machine not in names:
            continue
        matched = True
        setup = target.setup(_machine_arg(target, machine))
        for case, states in cases.items():
            at = {s: ("StateMachines", machine, "TestCases", case, s) for s in states}
            findings = check_states(setup.definition, at, machine)
            config.report.extend(findings)
            if findings:
                continue
            line = config.source.locate(("StateMachines", machine, "TestCases", case)).line
            found.cases.append(RunnableCase(case, str(mock_config), line, setup, config.case(machine, case),
                                            Expectation()))
    if not matched:
        config.report.add(Finding(codes.T_UNKNOWN_MACHINE, f"no machine of {spec} is under StateMachines "
                                  f"(its machines: {', '.join(names)})", ("StateMachines",),
                                  "the file names machines by state_machine_name, or an ASL file's stem"))


def _machine_arg(target: Target, machine: str) -> str | None:
    return None if target.asl is not None else machine


@dataclass
class Outcome:
    results: list[CaseResult]
    coverage: Coverage
    seconds: float


def run_all(found: Collected, on_result: Callable[[CaseResult], None] | None = None) -> Outcome:
    import time

    started = time.perf_counter()
    coverage = Coverage()
    for target in found.targets.values():
        if target.error is None:
            coverage.add_machines(target.machines())
    buckets = [b for t in found.targets.values() if t.error is None for b in t.buckets()]
    results: list[CaseResult] = []
    with shared_emulator(buckets) as emulator:
        for case in found.cases:
            result = run_case(case, emulator, coverage)
            results.append(result)
            if on_result is not None:
                on_result(result)
    return Outcome(results, coverage, time.perf_counter() - started)
