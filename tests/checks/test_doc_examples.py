"""Every code's example in docs/diagnostics.md, run: it must report exactly that code.

The example of a code is the first fenced block of its ``### CODE`` section:

- ``yaml`` / ``json``: a whole file. Y, S, E, W and J codes: ``compiler validate`` on it (saved as
  ``workflow.yaml`` / ``workflow.json``); M codes: ``compiler import`` on it (saved as
  ``definition.yaml`` / ``definition.asl.json``), the command a user runs.
- ``sh``: a shell session for codes no single spec shows (an unreadable file, ``--into``, synth):
  run by bash in an empty folder with the project's environment; its output must name the code.

Whatever runs must report the documented code and no other. Only the codes of NO_EXAMPLE may
have none, and their section says why.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
from pathlib import Path

import pytest

from compiler.cli import main
from compiler.diagnostics import CODES
from tests.checks.conftest import ROOT

DOCS = ROOT / "docs" / "diagnostics.md"
HEADING = re.compile(r"^### ([A-Z]\d{3})$", re.MULTILINE)
FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
REPORTED = re.compile(r"\b(?:error|warning|info|note)\[([A-Z]\d{3})\]")
# Codes no input can show; the section must say "No example:" and why.
NO_EXAMPLE = {
    "I900": "an internal error is a bug: a test plants a crashing check (tests/checks/test_cases.py)",
    "M504": "guards the importer against its own bugs: an input that showed it would be fixed",
}
HOW_TO_ADD = (
    "docs/diagnostics.md: give {code} a failing example -- the first fenced block of its '### {code}' "
    "section: a whole ```yaml spec (or ```json) on which `compiler validate` (M codes: `compiler import`) "
    "reports {code} and nothing else, or a ```sh session whose output names it"
)


def _sections() -> dict[str, str]:
    text = DOCS.read_text(encoding="utf-8")
    matches = list(HEADING.finditer(text))
    out: dict[str, str] = {}
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        out[match.group(1)] = text[match.end():end].split("\n## ")[0]
    return out


SECTIONS = _sections()


def _run_cli(argv: list[str], cwd: Path) -> str:
    out, err = io.StringIO(), io.StringIO()
    old = Path.cwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            main(argv)
    finally:
        os.chdir(old)
    return out.getvalue() + err.getvalue()


def _run_example(code: str, language: str, body: str, tmp_path: Path) -> str:
    if language == "sh":
        env = {**os.environ, "PATH": os.pathsep.join([str(ROOT / ".venv" / "bin"), os.environ["PATH"]])}
        proc = subprocess.run(["bash", "-c", body], cwd=tmp_path, env=env, capture_output=True, text=True,
                              timeout=600)
        return proc.stdout + proc.stderr
    importing = code.startswith("M")
    suffix = {"json": ".asl.json" if importing else ".json", "yaml": ".yaml"}[language]
    path = tmp_path / (("definition" if importing else "workflow") + suffix)
    path.write_text(body, encoding="utf-8")
    if importing:
        return _run_cli(["import", path.name, "-o", "imported.yaml"], tmp_path)
    return _run_cli(["validate", path.name], tmp_path)


def test_the_examples_cover_every_registered_code() -> None:
    missing = [code for code in CODES
               if code not in NO_EXAMPLE and not FENCE.search(SECTIONS.get(code, ""))]
    assert not missing, "\n".join(HOW_TO_ADD.format(code=code) for code in missing)
    for code, why in NO_EXAMPLE.items():
        assert "No example:" in SECTIONS[code], f"{code}: say in its section why it has no example ({why})"


def _params() -> list[object]:
    params = []
    for code in sorted(set(CODES) - NO_EXAMPLE.keys()):
        marks = [pytest.mark.slow] if code.startswith("C") else []
        params.append(pytest.param(code, id=code, marks=marks))
    return params


@pytest.mark.parametrize("code", _params())
def test_the_example_reports_exactly_its_code(code: str, tmp_path: Path) -> None:
    found = FENCE.search(SECTIONS.get(code, ""))
    assert found, HOW_TO_ADD.format(code=code)
    language, body = found.group(1), found.group(2)
    assert language in ("yaml", "json", "sh"), f"{code}: the example's fence must say yaml, json or sh"
    output = _run_example(code, language, body, tmp_path)
    reported = set(REPORTED.findall(output))
    if code != "W411":  # most whole specs also meet cdk-nag (a machine without tracing): W411's own example shows it
        reported.discard("W411")
    assert reported == {code}, f"{code}'s example in docs/diagnostics.md reports {sorted(reported)}:\n{output}"
