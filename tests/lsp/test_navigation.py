"""Definition, references, rename and document symbols over stdio, on workflow.yaml and an ASL file."""

from __future__ import annotations

import json

import pytest
import pytest_asyncio
from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.lsp.conftest import ROOT, SEED, SEED_URI, Session, position_of

pytestmark = pytest.mark.asyncio(loop_scope="module")

TEXT = SEED.read_text(encoding="utf-8")
DOC = types.TextDocumentIdentifier(uri=SEED_URI)


def _line(n: int) -> str:
    return TEXT.splitlines()[n]


def _text(r: types.Range) -> str:
    assert r.start.line == r.end.line
    return _line(r.start.line)[r.start.character:r.end.character]


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def opened(client: LanguageClient) -> LanguageClient:
    await Session(client).open(SEED_URI, TEXT)
    return client


async def test_definition_of_states_resources_and_parameters(opened: LanguageClient) -> None:
    cases = [
        ("next: Error Task", len("next: Er"), 0, "      Error Task:"),  # catch next -> the state
        ("invoke: second", len("invoke: se"), 0, "  second: &other_function"),  # invoke -> the function
        ("start_execution: sub", len("start_execution: s"), 0, "  sub:"),  # a machine
        ("[numpy_layer]", 3, 0, "  numpy_layer:"),  # layers
        ("role: sfn_lambda_role", len("role: sfn"), 0, "  sfn_lambda_role:"),  # role
        ("[sfn_lambda_policy]", 3, 0, "  sfn_lambda_policy:"),  # managed_policies
        ("${sfn_bucket.arn}", 4, 0, "  sfn_bucket:"),  # ${key.attr}
        ("${params.numpy_layer_arn}", 12, 0, "  numpy_layer_arn:"),  # ${params.x}
    ]
    for needle, delta, nth, target in cases:
        found = await opened.text_document_definition_async(
            types.DefinitionParams(DOC, position_of(TEXT, needle, nth, delta)))
        assert isinstance(found, list) and len(found) == 1, needle
        assert _line(found[0].range.start.line).startswith(target), (needle, found)
        assert _text(found[0].range) == target.strip().split(":")[0], needle


async def test_handler_jumps_to_the_python_function(opened: LanguageClient) -> None:
    found = await opened.text_document_definition_async(
        types.DefinitionParams(DOC, position_of(TEXT, "handler: lambda_function.lambda_handler", 0, 12)))
    assert isinstance(found, list) and len(found) == 1
    target = ROOT / "handlers" / "first" / "lambda_function.py"
    assert found[0].uri == target.resolve().as_uri()
    line = target.read_text(encoding="utf-8").splitlines()[found[0].range.start.line]
    assert line.startswith("def lambda_handler(")
    assert line[found[0].range.start.character:found[0].range.end.character] == "lambda_handler"


async def test_references_of_a_state_and_a_resource(opened: LanguageClient) -> None:
    refs = await opened.text_document_references_async(types.ReferenceParams(text_document=DOC, position=position_of(TEXT, "      Error Task:", delta=8), context=types.ReferenceContext(include_declaration=True)))
    assert refs is not None
    assert sorted(r.range.start.line for r in refs) == sorted(
        [position_of(TEXT, "      Error Task:").line, position_of(TEXT, "next: Error Task").line,
         position_of(TEXT, "next: Error Task", 1).line])
    refs = await opened.text_document_references_async(types.ReferenceParams(text_document=DOC, position=position_of(TEXT, "  sfn_bucket:", delta=4), context=types.ReferenceContext(include_declaration=False)))
    assert refs is not None
    assert sorted(_line(r.range.start.line).strip() for r in refs) == [
        "BUCKET_NAME: ${sfn_bucket.name}", 'resources: ["${sfn_bucket.arn}/*"]']


async def test_rename_a_state_and_a_resource_everywhere(opened: LanguageClient) -> None:
    at = position_of(TEXT, "next: Error Task", delta=8)
    prepared = await opened.text_document_prepare_rename_async(types.PrepareRenameParams(DOC, at))
    assert isinstance(prepared, types.Range) and _text(prepared) == "Error Task"
    edit = await opened.text_document_rename_async(types.RenameParams(text_document=DOC, position=at, new_name="Handle Error"))
    assert edit is not None and edit.changes is not None
    edits = edit.changes[SEED_URI]
    assert len(edits) == 3 and {_text(e.range) for e in edits} == {"Error Task"}

    edit = await opened.text_document_rename_async(
        types.RenameParams(text_document=DOC, position=position_of(TEXT, "invoke: first", delta=9), new_name="writer"))
    assert edit is not None and edit.changes is not None
    edits = edit.changes[SEED_URI]
    assert sorted(_line(e.range.start.line).strip() for e in edits) == ["first:", "invoke: first"]

    # Rename a machine: its key and the three branches' start_execution (written once, then merged).
    edit = await opened.text_document_rename_async(
        types.RenameParams(text_document=DOC, position=position_of(TEXT, "start_execution: sub", delta=18), new_name="child"))
    assert edit is not None and edit.changes is not None
    assert sorted(_line(e.range.start.line).strip() for e in edit.changes[SEED_URI]) == [
        "start_execution: sub", "sub:"]


async def test_rename_refuses_a_name_that_breaks_the_yaml(opened: LanguageClient) -> None:
    with pytest.raises(Exception, match="not a valid key"):
        await opened.text_document_rename_async(
            types.RenameParams(text_document=DOC, position=position_of(TEXT, "invoke: first", delta=9), new_name="not a key"))


async def test_document_symbols(opened: LanguageClient) -> None:
    found = await opened.text_document_document_symbol_async(types.DocumentSymbolParams(DOC))
    assert found is not None
    names = [s.name for s in found if isinstance(s, types.DocumentSymbol)]
    assert names == ["parameters", "resources", "sub", "main"]
    resources = next(s for s in found if isinstance(s, types.DocumentSymbol) and s.name == "resources")
    assert [c.name for c in resources.children or []] == [
        "sfn_bucket", "sfn_lambda_policy", "sfn_lambda_role", "numpy_layer", "first", "second", "third", "error"]
    main = next(s for s in found if isinstance(s, types.DocumentSymbol) and s.name == "main")
    parallel = (main.children or [])[1]
    assert parallel.name == "Parallel Task" and parallel.detail == "parallel"
    assert [b.name for b in parallel.children or []] == ["branch 1", "branch 2", "branch 3"]
    assert [(b.children or [])[0].name for b in parallel.children or []] == ["Sub Task 1", "Sub Task 2", "Sub Task 3"]


ASL = json.dumps({
    "StartAt": "Work",
    "States": {
        "Work": {"Type": "Pass", "Next": "Fan Out"},
        "Fan Out": {"Type": "Parallel", "Branches": [
            {"StartAt": "Inner", "States": {"Inner": {"Type": "Pass", "End": True}}}],
            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Done"}], "Next": "Done"},
        "Done": {"Type": "Succeed"},
    },
}, indent=2)


async def test_asl_file_navigation_and_symbols(client: LanguageClient) -> None:
    uri = (ROOT / "tests" / "lsp" / "nav.asl.json").as_uri()
    doc = types.TextDocumentIdentifier(uri=uri)
    await Session(client).open(uri, ASL, language="json")
    found = await client.text_document_definition_async(
        types.DefinitionParams(doc, position_of(ASL, '"Next": "Fan Out"', delta=10)))
    assert isinstance(found, list) and found[0].range.start == position_of(ASL, '"Fan Out": {', delta=1)
    refs = await client.text_document_references_async(types.ReferenceParams(text_document=doc, position=position_of(ASL, '"Done": {', delta=2), context=types.ReferenceContext(include_declaration=True)))
    assert refs is not None and len(refs) == 3  # its key, the catch's Next and the state's Next
    edit = await client.text_document_rename_async(
        types.RenameParams(text_document=doc, position=position_of(ASL, '"StartAt": "Inner"', delta=12), new_name="First"))
    assert edit is not None and edit.changes is not None and len(edit.changes[uri]) == 2
    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(doc))
    assert symbols is not None
    assert [s.name for s in symbols if isinstance(s, types.DocumentSymbol)] == ["Work", "Fan Out", "Done"]
    client.text_document_did_close(types.DidCloseTextDocumentParams(doc))
