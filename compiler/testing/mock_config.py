"""AWS's mock configuration file (``MockConfigFile.json``), as Step Functions Local and LocalStack read it.

``StateMachines`` -> machine name -> ``TestCases`` -> case name -> {Task state name -> response
name}; ``MockedResponses`` -> response name -> {``"0"`` | ``"1-2"`` -> ``Return`` | ``Throw``}.
A test case runs the machine with those states answered by their responses (``state_mocks``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compiler import diagnostics as codes
from compiler.diagnostics import Finding, Report, did_you_mean
from compiler.source import SourceMap
from compiler.testing.models import AwsAttempt, AwsMockConfig
from compiler.testing.responses import MockedResponse, build_response
from compiler.testing.shape import load_model


@dataclass
class MockConfig:
    report: Report
    # machine name -> case name -> state name -> response name
    machines: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    responses: dict[str, MockedResponse] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.report.has_errors

    @property
    def source(self) -> SourceMap:
        return self.report.source

    def case(self, machine: str, case: str) -> dict[str, MockedResponse]:
        """state name -> response of one test case (the file is known to be sound)."""
        return {state: self.responses[name] for state, name in self.machines[machine][case].items()}


def _aws_attempt(model: AwsAttempt) -> tuple[Any, str | None, str]:
    if model.throw is not None:
        return None, model.throw.error, model.throw.cause
    return model.return_, None, ""


def load_mock_config(path: Path, display: str | None = None) -> MockConfig:
    """The file's cases and responses; its report holds every problem (shape, names, ranges)."""
    model, _, report = load_model(path, AwsMockConfig, display)
    config = MockConfig(report)
    if model is None:
        return config
    for name, entries in model.mocked_responses.items():
        built, findings = build_response(name, entries, ("MockedResponses", name), _aws_attempt)
        config.responses[name] = built
        report.extend(findings)
    for machine, cases in model.state_machines.items():
        config.machines[machine] = {case: dict(states) for case, states in cases.test_cases.items()}
        for case, states in cases.test_cases.items():
            for state, wanted in states.items():
                if wanted not in config.responses:
                    at = ("StateMachines", machine, "TestCases", case, state)
                    report.add(unknown_response(wanted, config.responses, at))
    return config


def unknown_response(name: str, known: Mapping[str, Any], at: tuple[str | int, ...]) -> Finding:
    hint = did_you_mean(name, known) or (f"MockedResponses has: {', '.join(sorted(known))}" if known
                                         else "define it under MockedResponses")
    return Finding(codes.T_UNKNOWN_RESPONSE, f"no mocked response named '{name}'", at, hint)


def check_states(definition: Mapping[str, Any], mocked: Mapping[str, tuple[str | int, ...]], machine: str) -> list[Finding]:
    """T811 for a mocked state the machine does not have, T812 for one that is not a Task.

    ``mocked`` maps each mocked state name to its path in the file (where to report).
    """
    from compiler.asl.definition import iter_states

    kinds = {name: state.get("Type") for name, state in iter_states(definition)}
    findings = []
    for state, at in mocked.items():
        kind = kinds.get(state)
        if kind is None:
            hint = did_you_mean(state, kinds) or f"its states: {', '.join(kinds)}"
            findings.append(Finding(codes.T_UNKNOWN_STATE, f"machine '{machine}' has no state '{state}'", at, hint,
                                    on_key=True))
        elif kind != "Task":
            findings.append(Finding(codes.T_NOT_TASK, f"'{state}' is a {kind} state; only Task states can be mocked",
                                    at, "mock the Task states it runs instead", on_key=True))
    return findings
