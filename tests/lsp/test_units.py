"""Pieces of the server tested in-process: logical ids against the golden template, the nag code action."""

from __future__ import annotations

import json

from lsprotocol import types

from tests.lsp.conftest import ROOT, SEED, SEED_URI

TEXT = SEED.read_text(encoding="utf-8")
GOLDEN = json.loads((ROOT / "tests" / "golden" / "templates" / "workflow.template.json").read_text(encoding="utf-8"))


def test_logical_ids_match_the_golden_template() -> None:
    from compiler.lsp.cloudformation import logical_id

    ids = {v["Metadata"]["aws:cdk:path"].split("/")[1]: k for k, v in GOLDEN["Resources"].items()
           if v.get("Metadata", {}).get("aws:cdk:path", "").endswith(("/Resource",)) and
           v["Metadata"]["aws:cdk:path"].count("/") == 2}
    assert len(ids) >= 8
    for key, expected in ids.items():
        assert logical_id(key) == expected


def test_nag_acknowledgement_action_inserts_the_snippet() -> None:
    """C701 comes from synth (cdk-nag); its hint's snippet goes under stack.nag_acknowledgements."""
    from compiler.lsp.actions import code_actions
    from compiler.lsp.documents import analyze

    analysis = analyze(SEED_URI, TEXT)
    diagnostic = types.Diagnostic(
        range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=1)),
        message="AwsSolutions-SQS3 on 'q': no DLQ",
        data={"hint": "fix the resource, or acknowledge the rule in stack.nag_acknowledgements: "
                      "{rule: AwsSolutions-SQS3, reason: ...}"})
    [action] = code_actions(analysis, [diagnostic])
    assert action.edit is not None and action.edit.changes is not None
    [edit] = action.edit.changes[SEED_URI]
    lines = TEXT.splitlines(keepends=True)
    at = edit.range.start.line
    new = "".join(lines[:at]) + edit.new_text + "".join(lines[at:])
    from compiler.loader import load_text

    data = load_text(new, "w.yaml").data
    assert data["stack"]["nag_acknowledgements"][-1]["rule"] == "AwsSolutions-SQS3"
    assert len(data["stack"]["nag_acknowledgements"]) == len(load_text(TEXT, "w.yaml").data["stack"]["nag_acknowledgements"]) + 1


def test_w411_acknowledgement_action_clears_the_warning() -> None:
    """validate's W411 (what cdk-nag will refuse at synth) comes with the entry to paste; the action
    pastes it, scoped to the entry, and the next analysis has no W411 left."""
    from compiler.lsp.actions import code_actions
    from compiler.lsp.diagnostics import to_lsp
    from compiler.lsp.documents import analyze

    uri = SEED_URI.rsplit("/", 1)[0] + "/nag.yaml"
    text = "version: 1\nstate_machines:\n  main:\n    states:\n      Done: {type: succeed}\n"
    for _ in range(3):
        analysis = analyze(uri, text)
        w411 = [d for d in to_lsp(analysis) if d.code == "W411"]
        if not w411:
            break
        [action, *_] = code_actions(analysis, w411[:1])
        assert action.edit is not None and action.edit.changes is not None
        [edit] = action.edit.changes[uri]
        lines = text.splitlines(keepends=True)
        text = "".join(lines[:edit.range.start.line]) + edit.new_text + "".join(lines[edit.range.start.line:])
    assert not w411, text
    from compiler.loader import load_text

    acks = load_text(text, "nag.yaml").data["stack"]["nag_acknowledgements"]
    assert sorted(a["rule"] for a in acks) == ["AwsSolutions-SF1", "AwsSolutions-SF2"]
    assert all(a["resources"] == ["main"] for a in acks)
