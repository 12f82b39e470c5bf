"""Must show (issue 12), counted the way a user gets it: each real definition of
shared/corpus/asl-real through ``compiler import`` and then ``compiler iam`` (both exit 0).

The definitions that do not get there are named with why, so the count cannot drift unseen:
three published samples write JSONPath filter strings unquoted (``[?(@.Name==Receipt)]``), which
Step Functions' JSONPath (Jayway) cannot parse, so validate refuses them (E320, hint: quote the
string); one has a state named ``QueryLanguage`` whose value is a string, not a state (M503).
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path

from compiler.cli import main
from tests import shared
from tests.importer.conftest import corpus, load_corpus

__all__ = ["corpus"]
pytestmark = shared.conformance

EXPECTED_FAILURES = {
    "app-dataquality-using-lambda__dataquality.json": {"E320"},  # ==Failure
    "parallel-translate__statemachine.json": {"E320"},  # ==es, ==fr, ==ja
    "textract-analyze-expense-tf__statemachine.json": {"E320"},  # ==Receipt, ==AMOUNT_PAID, ...
    "shared-fallback-state-jsonata__statemachine.json": {"M503"},  # "QueryLanguage": "JSONata" inside States
}
CODE = re.compile(r"\b(?:error)\[([A-Z]\d{3})\]")


def _import_then_iam(path: Path, folder: Path) -> tuple[bool, set[str], str]:
    source = folder / "definition.asl.json"
    source.write_text(json.dumps(load_corpus(path)["substituted"]), encoding="utf-8")
    spec = folder / "workflow.yaml"
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        ok = main(["import", str(source), "-o", str(spec)]) == 0 and main(["iam", str(spec), "--format", "json"]) == 0
    return ok, set(CODE.findall(out.getvalue())), out.getvalue()


def test_count_of_corpus_definitions_that_get_their_iam(corpus: list[Path], tmp_path: Path) -> None:
    failed: dict[str, set[str]] = {}
    hints: list[str] = []
    for i, path in enumerate(corpus):
        folder = tmp_path / str(i)
        folder.mkdir()
        ok, codes, output = _import_then_iam(path, folder)
        if not ok:
            failed[path.name] = codes
            hints += [line for line in output.splitlines() if "hint: quote the string" in line]
    print(f"\ncompiler import + compiler iam: {len(corpus) - len(failed)}/{len(corpus)} definitions get their IAM")
    assert failed == EXPECTED_FAILURES
    assert len(corpus) - len(failed) == 222
    assert len(hints) >= 3  # each E320 of them says how to fix it
