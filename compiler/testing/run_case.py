"""``compiler run --mock-config FILE --test-case NAME``: one execution as Step Functions Local runs ``ARN#NAME``.

The machine is found in the file by its name (the spec's ``state_machine_name``, or the ASL file's
stem). A file with mistakes prints its diagnostics (with line and column) and nothing runs.
"""

from __future__ import annotations

import sys
from pathlib import Path

from compiler.diagnostics import Report, did_you_mean
from compiler.local.errors import UsageError
from compiler.local.setup import LocalSetup
from compiler.testing.mock_config import MockConfig, check_states, load_mock_config
from compiler.testing.state_mocks import CaseMocks


def case_mocks(path: Path, case: str | None, setup: LocalSetup) -> CaseMocks:
    """The state mocks of test case ``case`` for ``setup``'s machine; UsageError (exit 2) otherwise."""
    if case is None:
        raise UsageError("--mock-config needs --test-case NAME: the test case of the file to run")
    if not path.is_file():
        raise UsageError(f"--mock-config: cannot read {path}: no such file")
    config = load_mock_config(path)
    _stop_on_errors(config.report, path)
    machine = setup.machine_name
    cases = config.machines.get(machine)
    if cases is None:
        listing = ", ".join(config.machines) or "none"
        raise UsageError(f"--mock-config {path}: no state machine '{machine}' under StateMachines (it has: {listing})",
                         hint="the machine is found by its name: the spec's state_machine_name, or an ASL file's stem")
    if case not in cases:
        hint = did_you_mean(case, cases) or f"its test cases: {', '.join(cases)}"
        raise UsageError(f"--test-case {case}: machine '{machine}' has no such test case in {path}", hint=hint)
    at = {state: ("StateMachines", machine, "TestCases", case, state) for state in cases[case]}
    config.report.extend(check_states(setup.definition, at, machine))
    _stop_on_errors(config.report, path)
    return mocks_of(config, machine, case, path)


def mocks_of(config: MockConfig, machine: str, case: str, path: Path) -> CaseMocks:
    return CaseMocks({machine: config.case(machine, case)}, f"test case '{case}' of {path}")


def _stop_on_errors(report: Report, path: Path) -> None:
    if not report.has_errors:
        return
    from compiler.formats import FORMATTERS

    sys.stderr.write(FORMATTERS["text"]([report], False))
    raise UsageError(f"--mock-config {path}: the mock configuration has errors; nothing was run")
