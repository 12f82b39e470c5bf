"""A test file made ready to run: its spec compiled, each case's machine, mocks and names checked.

Every mistake is a diagnostic in the test file's report (T8xx, with line and column); a case is
only prepared when its file has none.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compiler import diagnostics as codes
from compiler.diagnostics import Finding, Report, did_you_mean
from compiler.local.errors import LocalError
from compiler.local.fixtures import Fixtures, from_document, read_fixtures
from compiler.local.setup import LocalSetup
from compiler.source import Path as DocPath
from compiler.testing.mock_config import MockConfig, check_states, load_mock_config, unknown_response
from compiler.testing.models import Attempt, Case, TestFile
from compiler.testing.responses import MockedResponse, build_response
from compiler.testing.shape import load_model
from compiler.testing.target import Target, load_target


@dataclass
class PreparedCase:
    name: str
    file: Path
    line: int
    setup: LocalSetup
    model: Case
    mocks: dict[str, MockedResponse]  # state name (of setup's machine) -> response
    fixtures: Fixtures | None = None  # data put into the emulator before the case

    @property
    def machine(self) -> str:
        return self.setup.machine_name


@dataclass
class Suite:
    path: Path
    report: Report
    spec: Path | None = None
    target: Target | None = None
    cases: list[PreparedCase] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)  # the spec's, when it has errors

    @property
    def ok(self) -> bool:
        return not self.report.has_errors


def _attempt(model: Attempt) -> tuple[Any, str | None, str]:
    if model.throw is not None:
        return None, model.throw.error, model.throw.cause
    return model.return_, None, ""


def default_spec(test_file: Path) -> Path:
    """``x.test.yaml`` -> ``x.yaml`` beside it; ``<root>/tests/workflow/*.yaml`` -> ``<root>/workflow.yaml``."""
    name = test_file.name
    if name.endswith(".test.yaml") or name.endswith(".test.yml"):
        return test_file.with_name(name.rsplit(".test.", 1)[0] + ".yaml")
    parent = test_file.resolve().parent
    if parent.name == "workflow" and parent.parent.name == "tests":
        return parent.parent.parent / "workflow.yaml"
    return test_file.with_name("workflow.yaml")


def load_suite(path: Path, targets: dict[Path, Target] | None = None) -> Suite:
    """Load, validate and prepare ``path``; ``targets`` caches compiled specs across files."""
    model, _, report = load_model(path, TestFile)
    suite = Suite(path, report)
    if model is None:
        return suite
    spec = (path.parent / model.spec) if model.spec is not None else default_spec(path)
    suite.spec = spec.resolve()
    cache = targets if targets is not None else {}
    target = cache.get(suite.spec)
    if target is None:
        target = cache[suite.spec] = load_target(suite.spec)
    suite.target = target
    if target.error is not None:
        suite.reports.extend(target.reports)
        report.add(Finding(codes.T_SPEC, f"{spec}: {target.error}", ("spec",) if model.spec else (),
                           "run compiler validate on it" if target.reports else None))
        return suite
    config = _mock_config(path, model, report)
    seen: set[str] = set()
    for index, case in enumerate(model.cases):
        at: DocPath = ("cases", index)
        if case.name in seen:
            report.add(Finding(codes.T_DUPLICATE_CASE, f"a case named '{case.name}' comes earlier in the file",
                               (*at, "name"), "give each case its own name"))
        seen.add(case.name)
        prepared = _prepare(path, model, case, at, target, config, report)
        if prepared is not None:
            suite.cases.append(prepared)
    if report.has_errors:
        suite.cases = []
    return suite


def _mock_config(path: Path, model: TestFile, report: Report) -> MockConfig | None:
    if model.mock_config is None:
        return None
    file = path.parent / model.mock_config
    if not file.is_file():
        report.add(Finding(codes.T_VALUE, f"mock_config: no such file {file}", ("mock_config",)))
        return None
    config = load_mock_config(file)
    if not config.ok:
        # Its own diagnostics point into that file; this one says which test file reads it.
        report.diagnostics.extend(config.report.diagnostics)
        report.add(Finding(codes.T_VALUE, f"mock_config {model.mock_config} has errors", ("mock_config",)))
        return None
    return config


def _prepare(path: Path, model: TestFile, case: Case, at: DocPath, target: Target,
             config: MockConfig | None, report: Report) -> PreparedCase | None:
    try:
        setup = target.setup(case.machine)
    except LocalError as exc:
        report.add(Finding(codes.T_UNKNOWN_MACHINE, exc.message.removeprefix(f"--machine {case.machine}: "),
                           (*at, "machine") if case.machine else at, exc.hint))
        return None
    errors_before = len(report.diagnostics)
    fixtures = _fixtures(path, case, at, report)
    mocks = _case_mocks(model, case, at, setup, config, report)
    named: dict[str, DocPath] = {state: (*at, "mocks", state) for state in case.mocks}
    report.extend(check_states(setup.definition, named, setup.machine_name))
    report.extend(_check_names(case, at, setup.definition, setup.machine_name))
    if len(report.diagnostics) > errors_before:
        return None
    line = report.source.locate(at).line
    return PreparedCase(case.name, path, line, setup, case, mocks, fixtures)


def _fixtures(path: Path, case: Case, at: DocPath, report: Report) -> Fixtures | None:
    """The case's ``fixtures:``, read as ``compiler run --fixtures`` reads its file (or folder, by path)."""
    if case.fixtures is None:
        return None
    try:
        if isinstance(case.fixtures, str):
            return read_fixtures(path.parent / case.fixtures)
        return from_document(case.fixtures, f"{path.name}: {case.name}")
    except LocalError as exc:
        report.add(Finding(codes.T_FIXTURES, exc.message.removeprefix("--fixtures "), (*at, "fixtures"),
                           exc.hint or "fixtures: {s3: {bucket: {key: text}}, dynamodb: {table: [items]}, "
                           "sqs: {queue: [messages]}, secrets: {name: value}}, or a path to a fixtures folder"))
        return None


def _case_mocks(model: TestFile, case: Case, at: DocPath, setup: LocalSetup, config: MockConfig | None,
                report: Report) -> dict[str, MockedResponse]:
    mocks: dict[str, MockedResponse] = {}
    if case.mock_case is not None:
        cases = config.machines.get(setup.machine_name, {}) if config is not None else {}
        if config is None:
            report.add(Finding(codes.T_UNKNOWN_CASE, "mock_case needs the file's mock_config", (*at, "mock_case")))
        elif case.mock_case not in cases:
            hint = did_you_mean(case.mock_case, cases) or f"test cases of {setup.machine_name}: {', '.join(cases) or 'none'}"
            report.add(Finding(codes.T_UNKNOWN_CASE, f"the mock config has no test case '{case.mock_case}' for "
                               f"'{setup.machine_name}'", (*at, "mock_case"), hint))
        else:
            mocks.update(config.case(setup.machine_name, case.mock_case))
            report.extend(check_states(setup.definition, {s: (*at, "mock_case") for s in mocks}, setup.machine_name))
    known = _named_responses(model, at, report)
    if config is not None:
        known = {**config.responses, **known}
    for state, mock in case.mocks.items():
        where = (*at, "mocks", state)
        if isinstance(mock, str):
            if mock not in known:
                report.add(unknown_response(mock, known, where))
                continue
            mocks[state] = known[mock]
        elif isinstance(mock, Attempt):
            mocks[state] = build_response(f"{case.name}: {state}", {"0": mock}, where, _attempt)[0]
        else:
            built, findings = build_response(f"{case.name}: {state}", mock, where, _attempt)
            report.extend(findings)
            mocks[state] = built
    return mocks


def _named_responses(model: TestFile, at: DocPath, report: Report) -> dict[str, MockedResponse]:
    out: dict[str, MockedResponse] = {}
    for name, entries in model.responses.items():
        built, findings = build_response(name, entries, ("responses", name), _attempt)
        if at == ("cases", 0):  # report the file's own responses once
            report.extend(findings)
        out[name] = built
    return out


def _check_names(case: Case, at: DocPath, definition: Mapping[str, Any], machine: str) -> list[Finding]:
    from compiler.asl.definition import iter_states

    states = {name for name, _ in iter_states(definition)}
    expect = case.expect
    found: list[Finding] = []
    named: list[tuple[str, DocPath]] = []
    for field_name in ("states", "states_include", "states_exclude"):
        for i, name in enumerate(getattr(expect, field_name) or ()):
            named.append((name, (*at, "expect", field_name, i)))
    named.extend((name, (*at, "expect", "state", name)) for name in expect.state)
    named.extend((name, (*at, "task_answers", name)) for name in case.task_answers)
    for name, where in named:
        if name not in states:
            hint = did_you_mean(name, states) or f"its states: {', '.join(sorted(states))}"
            found.append(Finding(codes.T_UNKNOWN_STATE, f"machine '{machine}' has no state '{name}'", where, hint,
                                 on_key=where[-1] == name))
    return found
