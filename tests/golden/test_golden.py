"""The emitters' output against the checked-in golden files (regenerate: python -m tests.golden.regen).

The seed template's golden file is compared in tests/emit/test_golden_template.py, which shares
the session's one synth.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.golden.regen import TEMPLATE, expected_files
from tests.golden.specs import GOLDEN

HINT = "stale golden file; regenerate with `python -m tests.golden.regen` and review the diff"


def test_asl_and_iam_golden_files() -> None:
    expected = expected_files()
    on_disk = {p for folder in ("asl", "iam") for p in (GOLDEN / folder).rglob("*.json")}
    assert on_disk == set(expected), HINT
    for path, text in expected.items():
        assert path.read_text(encoding="utf-8") == text, f"{path}: {HINT}"


def _allow_actions(document: dict[str, Any]) -> list[str]:
    out = []
    for statement in document.get("Statement", []):
        if statement.get("Effect") == "Allow":
            actions = statement["Action"]
            out += actions if isinstance(actions, list) else [actions]
    return out


def test_no_star_action_in_any_golden_output() -> None:
    template = json.loads(TEMPLATE.read_text(encoding="utf-8"))
    actions = [
        a
        for resource in template["Resources"].values()
        for a in _allow_actions(resource.get("Properties", {}).get("PolicyDocument", {}))
    ]
    for path in sorted((GOLDEN / "iam").glob("*.json")):
        for statements in json.loads(Path(path).read_text(encoding="utf-8")).values():
            actions += [a for s in statements for a in s["actions"]]
    assert actions and not [a for a in actions if "*" in a]
