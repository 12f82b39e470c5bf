"""What a path field selects, shown on hover: the spec's test cases are run (exactly as
``compiler test SPEC`` runs them: the saved files, the embedded emulator, the virtual clock) and each
state's input, result and output are read from the executions, nested ones included.

A path is then evaluated with the local runner's JSONPath on what the state really got:
``input_path`` on its input; ``items_path``, a Choice rule's ``variable`` and a ``.$`` field of
``parameters``/``payload``/``input``/``item_selector`` on its input after ``input_path``;
``result_selector``'s ``.$`` fields on the task's result; ``output_path`` shows the state's output,
which is what it selected. The runs are cached until the spec or a test file changes on disk.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from compiler.asl.jsonpath import evaluate
from compiler.run import Execution

_INPUT_FIELDS = ("items_path",)
_TEMPLATES = ("parameters", "payload", "input", "item_selector", "arguments")


@dataclass(frozen=True)
class Sample:
    """One state's run in one test case."""

    case: str
    input: Any
    result: Any
    has_result: bool
    output: Any
    exited: bool
    error: str | None  # the error the state failed with (caught or not): OutputPath was not applied


_cache: dict[Path, tuple[tuple[tuple[str, int], ...], dict[tuple[str, str], list[Sample]]]] = {}


def samples(spec: Path) -> dict[tuple[str, str], list[Sample]]:
    """``(machine name, state name) -> samples`` from the test cases of ``spec`` (none: no test files)."""
    from compiler.testing.discover import for_spec

    files = [spec, *for_spec(spec)]
    stamp = tuple((str(f), f.stat().st_mtime_ns) for f in files if f.is_file())
    cached = _cache.get(spec)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    found = _run(spec) if len(files) > 1 else {}
    _cache[spec] = (stamp, found)
    return found


def _run(spec: Path) -> dict[tuple[str, str], list[Sample]]:
    from compiler.testing.session import collect, run_all

    collected = collect([spec])
    if collected.has_errors or not collected.cases:
        return {}
    found: dict[tuple[str, str], list[Sample]] = {}
    for result in run_all(collected).results:
        if result.execution is not None:
            _record(result.name, result.execution, found)
    return found


def _record(case: str, execution: Execution, found: dict[tuple[str, str], list[Sample]]) -> None:
    for state in execution.states:
        found.setdefault((execution.state_machine_name, state.name), []).append(
            Sample(case, state.entered_input, state.result, state.has_result, state.exited_output, state.exited,
                   state.error))
    for child in execution.children:
        _record(case, child, found)


def selection(field_path: tuple[str | int, ...], path_text: str, state: dict[str, Any], sample: Sample) -> tuple[bool, Any]:
    """What ``path_text``, written at ``field_path`` of ``state`` (the state as written in the spec),
    selects in ``sample``: (True, value), or (False, why not)."""
    field = field_path[0]
    if path_text.startswith("$$"):
        return False, "reads the context object, which the hover does not rebuild"
    if field == "output_path":
        if sample.error is not None:
            return False, f"the state failed here ({sample.error}): output_path was not applied"
        return (True, sample.output) if sample.exited else (False, "the state did not finish in this case")
    if field == "result_selector":
        if not sample.has_result:
            return False, "the task has no result in this case"
        data = sample.result
    elif field == "input_path":
        data = sample.input
    elif field in _INPUT_FIELDS or field in _TEMPLATES or field == "choices":
        data = _effective_input(state, sample.input)
    else:
        return False, f"'{field}' is not read from the state's input"
    try:
        return True, evaluate(path_text, data)
    except Exception as exc:  # the runner's own words: PathNotFoundError and its kin
        return False, str(exc) or type(exc).__name__


def _effective_input(state: dict[str, Any], data: Any) -> Any:
    path = state.get("input_path")
    if not isinstance(path, str):
        return data
    try:
        return evaluate(path, data)
    except Exception:
        return data
