"""The loader's two readings agree: libyaml (PyYAML's binding, the fast path) and ruamel's pure
YAML 1.2 parser (read when libyaml refuses a text, and the source of the error messages).

The fast path used to be the libyaml inside ruamel.yaml.clib, which refuses ``[s3:PutObject]``, so
the seed always went the slow way. These properties pin what changing the binding may change:
- what ruamel's libyaml read, PyYAML's reads to the same values and the same spans;
- what only PyYAML's libyaml reads, the pure parser reads to the same values (spans differ only
  where a null is written as nothing: libyaml puts it after the key's colon, the pure parser at
  the next token).

One known difference, found by these properties: in a flow collection, YAML 1.2 ends a tag at a
flow indicator (``[!, a]``: the tag ``!`` on an empty scalar, then ``a``), and libyaml 0.2.6 does;
ruamel's parsers (old libyaml and pure) read the tag ``!,``, which the loader refuses (Y106). Such
texts count as "tag before a flow indicator" instead of failing.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from compiler import yaml_values
from compiler.loader import load_text
from compiler.yaml_values import LibyamlRefused, LoadError, YamlSyntaxError, build_events, source_tables
from tests import shared
from tests.fuzz import examples
from tests.shared import ASL_REAL, REPO, SHARED

REPO_INPUTS = sorted(
    p for pattern in ("workflow.yaml", "examples/**/*.yaml", "tests/cases/**/*.yaml", "tests/workflow/*.yaml",
                      "tests/**/*.asl.json", "docs/**/*.yaml")
    for p in REPO.glob(pattern)
)


def _read(text: str, how: str) -> tuple[Any, ...]:
    """What one parser makes of ``text``: ("ok", values, spans) or ("load", code, span); raises the
    parser's refusal."""
    try:
        if how == "ruamel-libyaml":
            events = yaml_values._ruamel_libyaml_events(text)
            builder = yaml_values._Builder("f")
            for event in events:
                builder.handle(event)
        else:
            builder = build_events(text, "f", pure=how == "pure")
    except LoadError as exc:
        return ("load", exc.finding.code, exc.span)
    return ("ok", builder.root, builder.documents, source_tables(builder))


def _values(result: tuple[Any, ...]) -> tuple[Any, ...]:
    return result if result[0] == "load" else (json.dumps(result[1], sort_keys=False, default=repr), result[2])


def _agree(text: str) -> str:
    """Check both properties on ``text``; returns which case it was (for the counts)."""
    try:
        fast = _read(text, "libyaml")
    except LibyamlRefused:
        return "refused by libyaml"
    try:
        old = _read(text, "ruamel-libyaml")
    except LibyamlRefused:
        old = None
    if old is not None:
        if fast != old and _tag_with_flow_indicator(text):
            return "tag before a flow indicator"
        assert fast == old, "PyYAML's libyaml and ruamel's read the same text differently"
        return "read by both libyamls"
    try:
        pure = _read(text, "pure")
    except YamlSyntaxError as exc:  # pragma: no cover - a failure names the text
        raise AssertionError(f"libyaml accepts what the YAML 1.2 parser refuses: {exc.problem}") from None
    if _values(fast) != _values(pure) and _tag_with_flow_indicator(text):
        return "tag before a flow indicator"
    assert _values(fast) == _values(pure)
    return "read by PyYAML's libyaml only"


def _tag_with_flow_indicator(text: str) -> bool:
    """Whether ruamel reads a tag that runs into a flow indicator (``!,``), which YAML 1.2 ends before it."""
    # Tokens, not events: the scanner yields the tag before the parser refuses a cut text (``[!:,``).
    tags: list[str] = []
    try:
        for token in YAML(typ="safe", pure=True).scan(text):
            if type(token).__name__ == "TagToken":
                tags.append("".join(part or "" for part in token.value))
    except Exception as exc:
        # ruamel may refuse the tag itself (``[!:,!`` reads as an unfinished ``!…!`` handle) where
        # libyaml ended it at the ``,``: the tag's text up to the next space holds a flow indicator.
        mark = getattr(exc, "context_mark", None)
        if "tag" in str(getattr(exc, "context", "")) and mark is not None:
            tags.append(re.split(r"\s", text[mark.index:], maxsplit=1)[0])
    return any(any(c in t for c in ",[]{}") for t in tags)


def test_the_seed_takes_the_fast_path() -> None:
    text = (REPO / "workflow.yaml").read_text(encoding="utf-8")
    with pytest.raises(LibyamlRefused):
        _read(text, "ruamel-libyaml")  # `[s3:PutObject]`
    assert _read(text, "libyaml")[0] == "ok"
    assert _agree(text) == "read by PyYAML's libyaml only"


def test_repository_inputs_read_alike() -> None:
    seen: dict[str, int] = {}
    for path in REPO_INPUTS:
        case = _agree(path.read_text(encoding="utf-8").removeprefix("\ufeff"))
        seen[case] = seen.get(case, 0) + 1
    assert sum(seen.values()) > 50 and seen.get("read by both libyamls", 0) > 50, seen


@shared.conformance
def test_real_world_definitions_read_alike() -> None:
    paths = sorted(p for p in ASL_REAL.rglob("*") if p.suffix in (".json", ".yaml", ".yml"))
    assert paths, f"no corpus under {SHARED}"
    for path in paths:
        _agree(path.read_text(encoding="utf-8", errors="replace").removeprefix("\ufeff"))


WORDS = st.sampled_from(["a", "s3:PutObject", "x: y", "Next", "${b.arn}", "$.a[0]", "on", "'q'", "-", "?", "#c",
                         "", " ", "é", "1", "1.5", "null", "~", "true", "a,b", "[x]", "{y}", "*z", "&w"])
SCALARS = st.one_of(WORDS, st.none(), st.booleans(), st.integers(-1000, 1000), st.text(max_size=8))
TREES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                      st.dictionaries(WORDS, inner, max_size=4)), max_leaves=20)


def _dump(tree: Any, flow: bool | None, width: int) -> str:
    out = io.StringIO()
    dumper = YAML(typ="safe", pure=True)
    dumper.default_flow_style = flow
    dumper.width = width
    dumper.dump(tree, out)
    return out.getvalue()


@hsettings(max_examples=examples(2), deadline=None)
@given(tree=TREES, flow=st.sampled_from([True, False, None]), width=st.sampled_from([20, 80, 4096]))
def test_generated_documents_read_alike(tree: Any, flow: bool | None, width: int) -> None:
    _agree(_dump(tree, flow, width))


@hsettings(max_examples=examples(2), deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("ab:,[]{}- \n'\"#&*!|>?%@`\t.$")), max_size=40))
def test_arbitrary_texts_read_alike(text: str) -> None:
    _agree(text)


def test_a_refused_text_still_gets_the_pure_parsers_message() -> None:
    loaded = load_text("a: [b\nc: d\n", "t.yaml")
    assert [d.code for d in loaded.report.diagnostics] == ["Y100"]
    assert loaded.report.diagnostics[0].span.line >= 2


def test_flow_sequences_with_colons_keep_their_spans() -> None:
    loaded = load_text("actions: [s3:PutObject, s3:GetObject]\n", "t.yaml")
    assert loaded.data == {"actions": ["s3:PutObject", "s3:GetObject"]}
    span = loaded.source.values[("actions", 1)]
    assert (span.line, span.col, span.end_col) == (1, 25, 37)  # end column exclusive


def test_repository_inputs_exist() -> None:
    assert any(Path(p).name == "workflow.yaml" for p in REPO_INPUTS)
