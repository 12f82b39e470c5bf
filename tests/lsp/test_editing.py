"""Completion, hover and code actions over stdio, on workflow.yaml and an ASL file."""

from __future__ import annotations

import json

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.lsp.conftest import ROOT, SEED, SEED_URI, Session, position_of

pytestmark = pytest.mark.asyncio(loop_scope="module")

TEXT = SEED.read_text(encoding="utf-8")
DOC = types.TextDocumentIdentifier(uri=SEED_URI)
GOLDEN = json.loads((ROOT / "tests" / "golden" / "templates" / "workflow.template.json").read_text(encoding="utf-8"))


async def _complete(client: LanguageClient, text: str, needle: str, delta: int, nth: int = 0) -> list[types.CompletionItem]:
    session = Session(client)
    await session.open(SEED_URI, text)
    try:
        result = await client.text_document_completion_async(
            types.CompletionParams(text_document=DOC, position=position_of(text, needle, nth, delta)))
    finally:
        await session.close(SEED_URI)
    assert isinstance(result, types.CompletionList)
    return list(result.items)


def _labels(items: list[types.CompletionItem]) -> list[str]:
    return [i.label for i in items]


async def test_state_names_where_a_state_is_expected(client: LanguageClient) -> None:
    items = await _complete(client, TEXT, "next: Error Task", len("next: Er"))
    assert _labels(items) == ["Second Task", "Third Task", "Error Task"]
    # The edit replaces what was typed, spaces included.
    edit = items[2].text_edit
    assert isinstance(edit, types.TextEdit) and edit.range.start == position_of(TEXT, "Error Task")


async def test_resource_keys_of_the_right_kind(client: LanguageClient) -> None:
    assert _labels(await _complete(client, TEXT, "invoke: second", len("invoke: "))) == ["first", "second", "third",
                                                                                        "error"]
    assert _labels(await _complete(client, TEXT, "start_execution: sub", len("start_execution: "))) == ["sub", "main"]
    assert _labels(await _complete(client, TEXT, "[numpy_layer]", 1)) == ["numpy_layer"]
    assert _labels(await _complete(client, TEXT, "role: sfn_lambda_role", len("role: "))) == ["sfn_lambda_role"]


async def test_reference_attributes_and_parameters(client: LanguageClient) -> None:
    keys = _labels(await _complete(client, TEXT, "${sfn_bucket.arn}", 2))
    assert "sfn_bucket" in keys and "params" in keys and "main" in keys
    assert _labels(await _complete(client, TEXT, "${sfn_bucket.arn}", len("${sfn_bucket.")))[:2] == ["arn", "name"]
    assert _labels(await _complete(client, TEXT, "${params.numpy_layer_arn}", len("${params."))) == ["numpy_layer_arn"]


async def test_field_names_from_the_models(client: LanguageClient) -> None:
    text = TEXT.replace("        result_path: $.second_result\n", "        result_path: $.second_result\n        ti\n", 1)
    items = await _complete(client, text, "        ti\n", len("        ti"))
    labels = _labels(items)
    assert "timeout_seconds" in labels and "heartbeat_seconds" in labels
    assert "input_path" not in labels and "invoke" not in labels  # already written in this state
    assert "bucket_name" not in labels  # not a task field
    timeout = next(i for i in items if i.label == "timeout_seconds")
    assert timeout.detail is not None and "int" in timeout.detail
    assert isinstance(timeout.text_edit, types.TextEdit) and timeout.text_edit.new_text == "timeout_seconds: "
    # A bucket's fields under a bucket.
    text = TEXT.replace("    removal_policy: retain\n", "    removal_policy: retain\n    ver\n", 1)
    assert "versioned" in _labels(await _complete(client, text, "    ver\n", len("    ver")))


async def test_choice_operators_errors_intrinsics_and_states_fields(client: LanguageClient) -> None:
    choice = TEXT.replace("      Error Task:\n", "      Pick:\n        type: choice\n        choices:\n"
                          "          - variable: $.x\n            num\n      Error Task:\n", 1)
    items = await _complete(client, choice, "            num\n", len("            num"))
    operators = [i for i in items if i.detail and i.detail.startswith("Choice operator")]
    assert {"numeric_equals", "numeric_less_than_path", "string_equals", "is_present"} <= {i.label for i in operators}
    errors = _labels(await _complete(client, TEXT, "errors: [States.ALL]", len("errors: [States.")))
    assert "States.ALL" in errors and "States.TaskFailed" in errors and "States.Timeout" in errors
    intrinsic = TEXT.replace("          message: Hello world\n", "          message: Hello world\n"
                             "          id.$: States.Ar\n", 1)
    items = await _complete(client, intrinsic, "id.$: States.Ar", len("id.$: States.Ar"))
    by_name = {i.label: i for i in items}
    assert "States.ArrayPartition" in by_name and "States.Format" in by_name
    assert by_name["States.ArrayPartition"].detail == "intrinsic function, 2 argument(s)"
    assert by_name["States.Format"].detail == "intrinsic function, 1+ argument(s)"
    jsonata = TEXT.replace("          message: Hello world\n", "          message: '{% $states.in %}'\n", 1)
    fields = _labels(await _complete(client, jsonata, "$states.in", len("$states.in")))
    assert fields == ["input", "result", "errorOutput", "context"]


async def test_hover_state_reference_and_intrinsic(client: LanguageClient) -> None:
    session = Session(client)
    text = TEXT.replace("          message: Hello world\n", "          message: Hello world\n"
                        "          id.$: States.UUID()\n", 1)
    await session.open(SEED_URI, text)
    try:
        state = await client.text_document_hover_async(
            types.HoverParams(text_document=DOC, position=position_of(text, "      Second Task:", delta=8)))
        reference = await client.text_document_hover_async(
            types.HoverParams(text_document=DOC, position=position_of(text, "${sfn_bucket.arn}", delta=4)))
        intrinsic = await client.text_document_hover_async(
            types.HoverParams(text_document=DOC, position=position_of(text, "States.UUID", delta=8)))
    finally:
        await session.close(SEED_URI)
    assert state is not None and isinstance(state.contents, types.MarkupContent)
    value = state.contents.value
    assert "`task` state of machine `sub`" in value
    assert "catch States.ALL → Error Task" in value and "next → Third Task (the state written after it)" in value
    assert '"InputPath": "$[\'first_result\',\'parallel_no\',\'message\',\'context_name\',\'const_value\']"' in value
    assert '"Resource": "${second_arn}"' in value

    assert reference is not None and isinstance(reference.contents, types.MarkupContent)
    bucket_id = next(k for k, v in GOLDEN["Resources"].items() if v["Type"] == "AWS::S3::Bucket")
    assert f'`${{sfn_bucket.arn}}` → `{{"Fn::GetAtt": ["{bucket_id}", "Arn"]}}`' in reference.contents.value

    assert intrinsic is not None and isinstance(intrinsic.contents, types.MarkupContent)
    assert "States.UUID" in intrinsic.contents.value and "0 argument(s)" in intrinsic.contents.value


async def test_code_action_did_you_mean(client: LanguageClient) -> None:
    text = TEXT.replace("next: Error Task", "next: Eror Task", 1).replace("invoke: third", "invoke: thrid")
    session = Session(client)
    found = await session.open(SEED_URI, text)
    try:
        fixes = []
        for diagnostic in found:
            actions = await client.text_document_code_action_async(types.CodeActionParams(
                text_document=DOC, range=diagnostic.range, context=types.CodeActionContext(diagnostics=[diagnostic])))
            fixes.extend(a for a in actions or [] if isinstance(a, types.CodeAction))
    finally:
        await session.close(SEED_URI)
    titles = sorted(a.title for a in fixes)
    assert titles == ["Change 'Eror Task' to 'Error Task'", "Change 'thrid' to 'third'"]
    # Applying both edits gives back the seed.
    edits = sorted((e for a in fixes for e in (a.edit.changes or {})[SEED_URI] if a.edit), key=lambda e: (
        e.range.start.line, e.range.start.character), reverse=True)
    lines = text.splitlines(keepends=True)
    for e in edits:
        line = lines[e.range.start.line]
        lines[e.range.start.line] = line[:e.range.start.character] + e.new_text + line[e.range.end.character:]
    assert "".join(lines) == TEXT


ASL = json.dumps({
    "StartAt": "Work",
    "States": {
        "Work": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                 "Parameters": {"x.$": "States.Ar"}, "Next": "Fan Out",
                 "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Done"}]},
        "Fan Out": {"Type": "Parallel", "Branches": [
            {"StartAt": "Inner", "States": {"Inner": {"Type": "Pass", "End": True}}}], "Next": "Done"},
        "Done": {"Type": "Succeed"},
    },
}, indent=2)


async def test_asl_file_completion_and_hover(client: LanguageClient) -> None:
    uri = (ROOT / "tests" / "lsp" / "edit.asl.json").as_uri()
    doc = types.TextDocumentIdentifier(uri=uri)
    session = Session(client)
    await session.open(uri, ASL, language="json")
    try:
        async def labels(needle: str, delta: int) -> list[str]:
            result = await client.text_document_completion_async(
                types.CompletionParams(text_document=doc, position=position_of(ASL, needle, delta=delta)))
            assert isinstance(result, types.CompletionList)
            return [i.label for i in result.items]

        assert await labels('"Next": "Fan Out"', len('"Next": "Fa')) == ["Work", "Fan Out", "Done"]
        assert await labels('"StartAt": "Inner"', len('"StartAt": "In')) == ["Inner"]  # the branch's own states
        assert "States.TaskFailed" in await labels('"States.ALL"', len('"States.'))
        assert "States.ArrayRange" in await labels('"States.Ar"', len('"States.Ar'))
        shown = await client.text_document_hover_async(
            types.HoverParams(text_document=doc, position=position_of(ASL, '"Fan Out": {', delta=3)))
    finally:
        await session.close(uri)
    assert shown is not None and isinstance(shown.contents, types.MarkupContent)
    assert "`Parallel` state" in shown.contents.value and "next → Done" in shown.contents.value
    assert '"StartAt": "Inner"' in shown.contents.value


async def test_asl_file_code_action(client: LanguageClient) -> None:
    text = ASL.replace('"Next": "Done"', '"Next": "Dne"', 1)
    uri = (ROOT / "tests" / "lsp" / "fix.asl.json").as_uri()
    doc = types.TextDocumentIdentifier(uri=uri)
    session = Session(client)
    found = await session.open(uri, text, language="json")
    try:
        e302 = [d for d in found if d.code == "E302"]
        assert len(e302) == 1
        actions = await client.text_document_code_action_async(types.CodeActionParams(
            text_document=doc, range=e302[0].range, context=types.CodeActionContext(diagnostics=e302)))
    finally:
        await session.close(uri)
    assert actions is not None and len(actions) == 1
    action = actions[0]
    assert isinstance(action, types.CodeAction) and action.title == "Change 'Dne' to 'Done'"
    assert action.edit is not None and action.edit.changes is not None
    [edit] = action.edit.changes[uri]
    line = text.splitlines()[edit.range.start.line]
    fixed = line[:edit.range.start.character] + edit.new_text + line[edit.range.end.character:]
    assert fixed == line.replace('"Dne"', '"Done"')


def _apply(text: str, edit: types.TextEdit) -> str:
    lines = text.splitlines(keepends=True)
    start, end = edit.range.start, edit.range.end
    assert start.line == end.line
    line = lines[start.line]
    lines[start.line] = line[:start.character] + edit.new_text + line[end.character:]
    return "".join(lines)


async def _asl_items(client: LanguageClient, name: str, text: str, position: types.Position,
                     language: str) -> list[types.CompletionItem]:
    uri = (ROOT / "tests" / "lsp" / name).as_uri()
    session = Session(client)
    await session.open(uri, text, language=language)
    try:
        result = await client.text_document_completion_async(
            types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=position))
    finally:
        await session.close(uri)
    assert isinstance(result, types.CompletionList)
    return list(result.items)


async def test_asl_json_field_names_of_the_object_at_the_cursor(client: LanguageClient) -> None:
    # A key being typed in the Task (its Type written before it), in a catcher, and at the top.
    typing = ASL.replace('"Next": "Fan Out",', '"Next": "Fan Out",\n      "Hea', 1)
    items = await _asl_items(client, "keys.asl.json", typing, position_of(typing, '"Hea', delta=4), "json")
    labels = _labels(items)
    assert {"HeartbeatSeconds", "HeartbeatSecondsPath", "TimeoutSeconds", "ResultSelector"} <= set(labels)
    assert "Type" not in labels and "Choices" not in labels and "Branches" not in labels  # written / not a Task's
    chosen = next(i for i in items if i.label == "HeartbeatSeconds")
    assert isinstance(chosen.text_edit, types.TextEdit)
    assert '"HeartbeatSeconds": ' in _apply(typing, chosen.text_edit)

    catcher = ASL.replace('"Next": "Done"', '"Next": "Done", "Res"', 1)  # the first is Work's catcher's
    labels = _labels(await _asl_items(client, "keys.asl.json", catcher, position_of(catcher, '"Res"', delta=4), "json"))
    assert set(labels) == {"ErrorEquals", "Assign", "Comment", "Output", "ResultPath"}  # Next: written

    top = ASL.replace('"StartAt": "Work",', '"StartAt": "Work",\n  "', 1)
    labels = _labels(await _asl_items(client, "keys.asl.json", top, position_of(top, '\n  "\n', delta=4), "json"))
    assert "TimeoutSeconds" in labels and "States" in labels and "Resource" not in labels


async def test_asl_yaml_field_names_follow_the_state_type(client: LanguageClient) -> None:
    text = ("StartAt: Each\nStates:\n  Each:\n    Type: Map\n    ItemsPath: $.items\n    Ite\n"
            "    ItemProcessor:\n      StartAt: P\n      States:\n        P: {Type: Pass, End: true}\n    End: true\n")
    items = await _asl_items(client, "keys.asl.yaml", text, position_of(text, "    Ite\n", delta=7), "yaml")
    labels = _labels(items)
    assert "ItemSelector" in labels and "ItemReader" in labels and "ToleratedFailurePercentage" in labels
    assert "ItemsPath" not in labels and "ItemProcessor" not in labels  # already written
    assert "HeartbeatSeconds" not in labels  # a Task's, not a Map's
    chosen = next(i for i in items if i.label == "ItemSelector")
    assert isinstance(chosen.text_edit, types.TextEdit)
    assert "    ItemSelector: \n" in _apply(text, chosen.text_edit)


async def test_hover_on_a_path_shows_what_it_selects_in_the_test_cases(client: LanguageClient) -> None:
    # tests/workflow/seed.yaml holds the seed's cases: Second Task's input_path keeps five fields of
    # each branch's input (ignore_value is dropped); output_path shows the state's output.
    session = Session(client)
    await session.open(SEED_URI, TEXT)
    try:
        async def hover(needle: str, delta: int) -> str:
            shown = await client.text_document_hover_async(
                types.HoverParams(text_document=DOC, position=position_of(TEXT, needle, delta=delta)))
            assert shown is not None and isinstance(shown.contents, types.MarkupContent), needle
            return shown.contents.value

        text = await hover("input_path: \"$['first_result'", len("input_path: \"$['fi"))
        output = await hover("output_path: \"$['second_result'", len("output_path: \"$['se"))
    finally:
        await session.close(SEED_URI)
    assert "(`input_path` of `Second Task`)" in text
    branch_1 = next(line for line in text.splitlines() if line.startswith("- branch 1 "))
    selected = json.loads(branch_1.split(": `", 1)[1].rstrip("`"))
    assert selected == {"first_result": {"body": "Hello world \n value: 0.5", "message": "Hello world"},
                        "parallel_no": 1, "message": "Hello world", "context_name": "Sub Task 1", "const_value": "ham"}
    branch_3 = next(line for line in output.splitlines() if line.startswith("- branch 3 "))
    assert json.loads(branch_3.split(": `", 1)[1].rstrip("`")) == {
        "second_result": {"message": "Hello world", "const_value": "ham"}, "parallel_no": 3}
    branch_2 = next(line for line in output.splitlines() if line.startswith("- branch 2 "))
    assert "failed here (Exception): output_path was not applied" in branch_2  # caught: its output is the error
