"""Load a test file or MockConfigFile with the project's loader and validate it against its model.

Every mistake is a diagnostic with line and column: YAML problems keep their Y1xx codes, shape
errors are the spec's S2xx translation (``compiler.model.build.translate``) under T8xx codes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from compiler import diagnostics as codes
from compiler.diagnostics import Finding, Report
from compiler.loader import load_file
from compiler.model.build import translate

M = TypeVar("M", bound=BaseModel)

_SHAPE_CODES = {
    codes.S_MISSING: codes.T_MISSING,
    codes.S_UNKNOWN_FIELD: codes.T_UNKNOWN_FIELD,
    codes.S_TYPE: codes.T_TYPE,
    codes.S_VALUE: codes.T_VALUE,
    codes.S_UNKNOWN_KIND: codes.T_VALUE,
    codes.S_EXCLUSIVE: codes.T_EXCLUSIVE,
    codes.S_VERSION: codes.T_VERSION,
}


def load_model(path: Path, model: type[M], display: str | None = None) -> tuple[M | None, Any, Report]:
    """``(validated model or None, the loaded data, report)``; the report holds every problem found."""
    loaded = load_file(path, display or str(path))
    if not loaded.ok:
        return None, None, loaded.report
    built, findings = build(model, loaded.data)
    loaded.report.extend(findings)
    return built, loaded.data, loaded.report


def build(model: type[M], data: Any) -> tuple[M | None, list[Finding]]:
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        findings = translate(exc, data, model)
    out = []
    for finding in findings:
        code = _SHAPE_CODES.get(finding.code, finding.code)
        message = finding.message
        if code == codes.T_INVOCATION_KEY or "should match pattern" in message:
            code = codes.T_INVOCATION_KEY
            message = f"'{finding.path[-1]}' is not an invocation number or range"
            finding = Finding(code, message, finding.path, 'write "0", "3" or an inclusive range "1-2"', on_key=True)
        else:
            finding = Finding(code, message, finding.path, finding.hint, finding.on_key)
        out.append(finding)
    return None, out
