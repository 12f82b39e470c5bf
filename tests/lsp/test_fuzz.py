"""The server never crashes on any text: the fuzz strategies of ``compiler validate`` (tests/checks) fed
through every feature in-process, and random edits of the seed sent as didChange to a real server.
"""

from __future__ import annotations

import asyncio
import os
import random
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.checks.test_fuzz_validate import EDITS, SEED_LINES, SPEC_LIKE, TREES, WELL_TYPED, _dump
from tests.fuzz import examples
from tests.lsp.conftest import ROOT, SEED_URI, TIMEOUT

pytestmark = pytest.mark.filterwarnings("ignore:The recursion limit will not be reset")

# The Hypothesis profile (tests/fuzz.py) scales it: dev 40, ci 160, thorough 1600.
EXAMPLES = examples(0.4)
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
DIDCHANGE_EDITS = int(os.environ.get("LSP_FUZZ_EDITS", "40"))


def _every_feature(uri: str, text: str, rng: random.Random) -> None:
    """Diagnostics, then each request at a few cursor places; any exception fails the test."""
    from compiler.lsp import actions, completion, hover, navigation, symbols
    from compiler.lsp.diagnostics import to_lsp
    from compiler.lsp.documents import analyze
    from compiler.lsp.index import build_index

    analysis = analyze(uri, text)
    found = to_lsp(analysis)
    index = build_index(analysis.data, analysis.source, analysis.lines, asl=analysis.kind == "asl")
    symbols.document_symbols(analysis)
    actions.code_actions(analysis, found)
    for _ in range(4):
        offset = rng.randint(0, len(text))
        completion.complete(analysis, index, text, offset)
        hover.hover(analysis, index, offset)
        navigation.definition(analysis, index, offset)
        navigation.references(analysis, index, offset, True)
        if navigation.prepare_rename(analysis, index, offset) is not None:
            navigation.rename(analysis, index, offset, "Renamed")


def _mutate(lines: list[str], edits: list[tuple[str, int, int, str]]) -> str:
    lines = list(lines)
    for kind, at, col, char in edits:
        i = at % len(lines)
        if kind == "delete" and len(lines) > 1:
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "swap":
            j = (i + 1) % len(lines)
            lines[i], lines[j] = lines[j], lines[i]
        else:
            line = lines[i]
            c = col % max(1, len(line))
            lines[i] = line[:c] + char + line[c + 1:]
    return "".join(lines)


@SETTINGS
@given(tree=st.one_of(TREES, SPEC_LIKE, WELL_TYPED), seed=st.integers(0, 2**16))
def test_any_yaml_document(tree: Any, seed: int) -> None:
    _every_feature(SEED_URI, _dump(tree).decode("utf-8"), random.Random(seed))


@SETTINGS
@given(edits=EDITS, seed=st.integers(0, 2**16))
def test_mutated_seed(edits: list[tuple[str, int, int, str]], seed: int) -> None:
    _every_feature(SEED_URI, _mutate(SEED_LINES, edits), random.Random(seed))


@SETTINGS
@given(text=st.text(max_size=400), seed=st.integers(0, 2**16))
def test_any_text_as_spec_and_as_asl(text: str, seed: int) -> None:
    _every_feature(SEED_URI, text, random.Random(seed))
    _every_feature((ROOT / "fuzz.asl.json").as_uri(), text, random.Random(seed))


@pytest.mark.asyncio(loop_scope="module")
async def test_random_did_change_edits_over_stdio(client: LanguageClient) -> None:
    """Edits as an editor sends them (incremental ranges), requests in between; the server stays up."""
    rng = random.Random(15)
    text = "".join(SEED_LINES)
    uri = SEED_URI
    doc = types.TextDocumentIdentifier(uri=uri)
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        types.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=text)))
    alphabet = ["\n", " ", ":", "-", "'", '"', "[", "]", "{", "}", "$", ".", "#", "&", "*", "a", "é", "😀", "\t", "%"]
    for version in range(2, DIDCHANGE_EDITS + 2):
        lines = text.split("\n")
        line = rng.randrange(len(lines))
        start_col = rng.randint(0, len(lines[line]))
        end_line = min(len(lines) - 1, line + rng.choice([0, 0, 0, 1, 2]))
        end_col = rng.randint(0, len(lines[end_line])) if end_line != line else rng.randint(start_col, len(lines[line]))
        new = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6)))
        start = sum(len(x) + 1 for x in lines[:line]) + start_col
        end = sum(len(x) + 1 for x in lines[:end_line]) + end_col
        text = text[:start] + new + text[end:]
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            [types.TextDocumentContentChangePartial(range=types.Range(
                start=_pos(lines, line, start_col), end=_pos(lines, end_line, end_col)), text=new)]))
        if version % 5 == 0:
            at = _pos(text.split("\n"), *_random_place(rng, text))
            await asyncio.wait_for(client.text_document_completion_async(
                types.CompletionParams(text_document=doc, position=at)), TIMEOUT)
            await asyncio.wait_for(client.text_document_hover_async(
                types.HoverParams(text_document=doc, position=at)), TIMEOUT)
            await asyncio.wait_for(client.text_document_document_symbol_async(
                types.DocumentSymbolParams(text_document=doc)), TIMEOUT)
    # The final text's diagnostics arrive, and they are validate's for that text.
    await asyncio.sleep(0.5)
    symbols = await asyncio.wait_for(client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=doc)), TIMEOUT)
    assert symbols is not None
    client.text_document_did_close(types.DidCloseTextDocumentParams(doc))
    assert client._server is not None and client._server.returncode is None
    errors = [m.message for m in client.log_messages if m.type == types.MessageType.Error]
    assert errors == []


def _random_place(rng: random.Random, text: str) -> tuple[int, int]:
    lines = text.split("\n")
    line = rng.randrange(len(lines))
    return line, rng.randint(0, len(lines[line]))


def _pos(lines: list[str], line: int, col: int) -> types.Position:
    """An LSP position: UTF-16 code units."""
    prefix = lines[line][:col]
    return types.Position(line=line, character=len(prefix.encode("utf-16-le")) // 2)
