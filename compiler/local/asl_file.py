"""A bare ASL definition file (JSON or YAML with StartAt and States at the top): run it, validate it.

``compiler validate`` checks specs. For an ASL file it imports the definition into a spec in
memory (the importer's exact round trip), validates that spec, and points each diagnostic back
at the ASL file: a spec path (``state_machines.m.states.A.input_path``) becomes the ASL path
(``States.A.InputPath``), located to its line, or to the nearest enclosing value that exists.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from compiler.diagnostics import Diagnostic, Report
from compiler.local.errors import LocalError, UsageError
from compiler.pipeline import Compiled, compile_spec
from compiler.source import Path as DocPath
from compiler.source import SourceMap

# Top-level keys of a YAML definition (a spec never has them at column 0).
_YAML_START_AT = re.compile(r"^[\"']?StartAt[\"']?\s*:", re.MULTILINE)
_YAML_STATES = re.compile(r"^[\"']?States[\"']?\s*:", re.MULTILINE)
# Spec fields whose ASL name is not their PascalCase form.
_RENAMED = {"invoke": "Resource", "resource": "Resource", "start_execution": "Parameters", "payload": "Parameters",
            "errors": "ErrorEquals", "input": "Parameters", "integration": "Resource"}
# Fields whose value is the user's own JSON: keys below them are written the same in the ASL file.
_FREE_FORM = frozenset({"parameters", "arguments", "payload", "input", "result", "result_selector", "item_selector",
                        "output", "assign"})


def looks_like_asl(path: Path) -> bool:
    """A cheap sniff (no YAML parse: validate of a large spec must not pay twice)."""
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    if path.suffix == ".json" or text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except ValueError:
            return path.suffix == ".json" and '"StartAt"' in text
        return isinstance(data, dict) and "StartAt" in data and "States" in data
    return bool(_YAML_START_AT.search(text) and _YAML_STATES.search(text))


def read_asl(path: Path) -> dict[str, Any] | None:
    """The definition when ``path`` holds a bare ASL definition; None when it is something else (a spec)."""
    from compiler.importer.errors import Refusal
    from compiler.importer.readers import is_definition
    from compiler.importer.readers.document import read_file

    if path.is_dir():
        raise UsageError(f"cannot read {path}: it is a folder, not a spec or an ASL file")
    if not path.is_file():
        raise UsageError(f"cannot read {path}: no such file")
    if not looks_like_asl(path):
        return None
    try:
        doc = read_file(path)
    except Refusal as exc:
        raise LocalError(f"{path}: {exc.located.message}") from None
    if not is_definition(doc.data):
        raise LocalError(f"{path}: StartAt and States must be top-level keys of one definition")
    return dict(doc.data)


def compile_file(path: str, overrides: Mapping[str, str] | None = None, *, nag: bool = False) -> Compiled:
    """``compile_spec`` for a spec; for an ASL file, its diagnostics located in that file (no program)."""
    file = Path(path)
    if not looks_like_asl(file):
        return compile_spec(path, overrides=overrides, nag=nag)
    return Compiled(validate_asl(file, path), None, None)


def validate_asl(file: Path, display: str) -> Report:
    from compiler.importer import import_file
    from compiler.importer.readers.document import read_file

    outcome = import_file(file)
    if not outcome.ok or outcome.text is None:
        # A refusal already points into the ASL file (or the file could not be read at all).
        reports = list(outcome.reports.values())
        report = reports[0] if reports else Report(SourceMap(display))
        for other in reports[1:]:
            report.diagnostics.extend(other.diagnostics)
        return report
    source = read_file(file, display).source
    report = Report(source)
    for imported in outcome.reports.values():  # the importer's warnings (M550, ...), already located
        report.diagnostics.extend(imported.diagnostics)
    compiled = compile_spec(f"{file.stem}.yaml", text=outcome.text.encode(), display=f"{display} (as spec)")
    for found in compiled.report.diagnostics:
        asl_path = to_asl_path(found.path)
        message = found.message
        if asl_path and isinstance(found.path[-1], str) and isinstance(asl_path[-1], str):
            # The message names the spec's field ('input_path'); the reader sees the ASL one ('InputPath').
            message = message.replace(f"'{found.path[-1]}'", f"'{asl_path[-1]}'")
        report.diagnostics.append(Diagnostic(found.code, found.severity, message,
                                             source.locate(asl_path), found.hint, asl_path))
    return report


def to_asl_path(path: DocPath) -> DocPath:
    """``state_machines.<key>.states.A.branches[0].states.B.result_path`` -> ``States.A.Branches[0].States.B.ResultPath``.

    Paths outside the machine (the imported resources) have no place in the ASL file: its top.
    """
    if len(path) < 2 or path[0] != "state_machines":
        return ()
    out: list[str | int] = []
    name_next = free_form = False
    for segment in path[2:]:
        if isinstance(segment, int) or name_next or free_form:
            out.append(segment)  # an index, a state name, or a key the user wrote inside a value
            name_next = False
            continue
        out.append(_RENAMED.get(segment, "".join(word[:1].upper() + word[1:] for word in segment.split("_"))))
        name_next = segment == "states"
        free_form = segment in _FREE_FORM
    return tuple(out)
