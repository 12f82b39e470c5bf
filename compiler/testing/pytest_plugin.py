"""A pytest plugin (entry point ``pytest11``): each workflow test case is a pytest item, run by ``pytest`` alone.

Only files matching the convention are collected: ``*.test.yaml`` / ``*.test.yml`` and
``tests/workflow/*.yaml``. Turn it off with ``-p no:sfn_workflow``, ``--no-workflow-tests``, or
``workflow_tests = false`` in the pytest configuration. Each case starts (and stops) its own
embedded moto, so it never leaves AWS mocks active for the tests around it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from compiler.testing.discover import is_test_file


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("sfn-workflow", "workflow test files (compiler test)")
    group.addoption("--no-workflow-tests", action="store_true", default=False,
                    help="do not collect workflow test files (*.test.yaml, tests/workflow/*.yaml)")
    parser.addini("workflow_tests", type="bool", default=True,
                  help="collect workflow test files (*.test.yaml, tests/workflow/*.yaml) as test items")


def _enabled(config: pytest.Config) -> bool:
    return not config.getoption("--no-workflow-tests") and bool(config.getini("workflow_tests"))


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.suffix in (".yaml", ".yml") and _enabled(parent.config) and is_test_file(file_path):
        return WorkflowFile.from_parent(parent, path=file_path)
    return None


class WorkflowFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        from compiler.testing.suite import load_suite

        suite = load_suite(self.path)
        if not suite.ok:
            yield WorkflowFileError.from_parent(self, name="test file", suite=suite)
            return
        for case in suite.cases:
            yield WorkflowCase.from_parent(self, name=case.name, case=case, suite=suite)


class WorkflowCaseFailed(Exception):
    pass


class _Item(pytest.Item):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # Plugins' pytest_runtest_call wrappers may read funcargs (pytest-lsp 1.0.1 does, and fails without it).
        self.funcargs: dict[str, Any] = {}


class WorkflowFileError(_Item):
    def __init__(self, *, suite: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.suite = suite

    def runtest(self) -> None:
        from compiler.formats import FORMATTERS

        raise WorkflowCaseFailed(FORMATTERS["text"]([*self.suite.reports, self.suite.report], False))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, WorkflowCaseFailed):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, 0, "workflow test file"


class WorkflowCase(_Item):
    def __init__(self, *, case: Any, suite: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case
        self.suite = suite

    def runtest(self) -> None:
        from compiler.testing.reports import case_line
        from compiler.testing.runner import RunnableCase, run_case, shared_emulator

        case = self.case
        runnable = RunnableCase(case.name, str(case.file), case.line, case.setup, case.mocks, case.model.expect,
                                case.model.input, dict(case.model.task_answers), case.model.seed,
                                case.fixtures)
        with shared_emulator(self.suite.target.buckets()) as emulator:
            result = run_case(runnable, emulator)
        if not result.passed:
            raise WorkflowCaseFailed(case_line(result))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, WorkflowCaseFailed):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, self.case.line - 1, f"workflow case: {self.name}"
