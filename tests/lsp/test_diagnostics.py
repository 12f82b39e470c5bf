"""Diagnostics over stdio: the same codes, ranges, messages and hints as ``compiler validate``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.lsp.conftest import GOOD_INPUT_PATH, ROOT, SEED, SEED_URI, TYPO_INPUT_PATH, Session, position_of

pytestmark = pytest.mark.asyncio(loop_scope="module")

SEED_TEXT = SEED.read_text(encoding="utf-8")
TYPO_TEXT = SEED_TEXT.replace(GOOD_INPUT_PATH, TYPO_INPUT_PATH, 1)


async def test_seed_typo_gets_e320_at_input_path_and_fixing_it_clears(client: LanguageClient) -> None:
    session = Session(client)
    assert TYPO_TEXT != SEED_TEXT
    found = await session.open(SEED_URI, TYPO_TEXT)
    assert [d.code for d in found] == ["E320"]
    e320 = found[0]
    start = position_of(TYPO_TEXT, '"' + TYPO_INPUT_PATH)
    assert e320.range.start == start
    assert e320.range.end.line == start.line
    assert e320.severity == types.DiagnosticSeverity.Error
    assert "'input_path' is not a valid JSONPath" in e320.message
    assert "hint: check the quotes and brackets around the names" in e320.message
    assert e320.code_description is not None and e320.code_description.href.endswith("diagnostics.md#e320")
    assert e320.source == "compiler"

    # Fix it by inserting the missing quote: an incremental change.
    fix_at = position_of(TYPO_TEXT, "const_value]", delta=len("const_value"))
    fixed = await session.change(SEED_URI, types.TextDocumentContentChangePartial(
        range=types.Range(start=fix_at, end=fix_at), text="'"))
    assert fixed == []
    await session.close(SEED_URI)


async def test_same_diagnostics_as_validate(client: LanguageClient, tmp_path: Path) -> None:
    """A spec with several problems: every field of every diagnostic matches validate's JSON output."""
    text = (SEED_TEXT.replace(GOOD_INPUT_PATH, TYPO_INPUT_PATH, 1)
            .replace("next: Error Task", "next: Eror Task")
            .replace("invoke: third", "invoke: thrid")
            .replace("result_path: $.second_result", "result_path: second_result"))
    (tmp_path / "handlers").symlink_to(ROOT / "handlers", target_is_directory=True)
    spec = tmp_path / "workflow.yaml"
    spec.write_text(text, encoding="utf-8")
    cli = subprocess.run([sys.executable, "-m", "compiler", "validate", "--format", "json", str(spec)],
                         capture_output=True, text=True, cwd=ROOT, check=False)
    expected = json.loads(cli.stdout)["diagnostics"]
    session = Session(client)
    found = await session.open(spec.as_uri(), text)
    await session.close(spec.as_uri())
    assert len(expected) >= 4
    got = [(d.code, d.range.start.line + 1, d.range.start.character + 1, d.message,
             "error" if d.severity == types.DiagnosticSeverity.Error else "warning") for d in found]
    want = [(e["code"], e["line"], e["column"],
             e["message"] + (f"\nhint: {e['hint']}" if e.get("hint") else ""), e["severity"]) for e in expected]
    assert got == want

    # Both catches name the missing state: each points at the other as related information.
    e302 = [d for d in found if d.code == "E302"]
    assert len(e302) == 2
    for this, other in ((e302[0], e302[1]), (e302[1], e302[0])):
        assert this.related_information is not None
        assert [r.location.range for r in this.related_information] == [other.range]


async def test_asl_file(client: LanguageClient) -> None:
    """An ASL definition is validated through the same path as ``compiler validate x.asl.json``."""
    definition = {
        "StartAt": "A",
        "States": {
            "A": {"Type": "Pass", "InputPath": "$['a','b]", "Next": "B"},
            "B": {"Type": "Pass", "Next": "Nowhere"},
        },
    }
    text = json.dumps(definition, indent=2)
    uri = (ROOT / "tests" / "lsp" / "draft.asl.json").as_uri()
    session = Session(client)
    found = await session.open(uri, text, language="json")
    codes = sorted(d.code for d in found if isinstance(d.code, str))
    assert "E320" in codes and "E302" in codes
    e320 = next(d for d in found if d.code == "E320")
    assert e320.range.start.line == position_of(text, "\"InputPath\"").line
    assert "'InputPath'" in e320.message
    definition["States"]["A"]["InputPath"] = "$.a"
    definition["States"]["B"]["End"] = True
    del definition["States"]["B"]["Next"]
    fixed = await session.change(uri, session.replace_all(json.dumps(definition, indent=2)))
    assert fixed == []
    await session.close(uri)

