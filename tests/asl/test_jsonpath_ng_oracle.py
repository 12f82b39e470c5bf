"""jsonpath-ng as the oracle of our JSONPath grammar: a differential test (see docs/jsonpath.md).

jsonpath-ng parses each path with Step Functions' rules on top: a path starts with ``$``; ``$$`` is
the context object (one ``$`` stripped before jsonpath-ng sees it); a filter needs jsonpath_ng.ext.
Wherever its verdict (accept or reject) differs from ``compiler.asl.parse_path``, the path must fall
in a category documented in docs/jsonpath.md: a new kind of disagreement fails here until it is
understood, then documented or fixed. Paths come from a grammar (hypothesis), the conformance
corpus (executions recorded on AWS) and the real-world corpus.
"""

from __future__ import annotations

import json
import re
import warnings
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonpath_ng import parse as parse_base
from jsonpath_ng.ext import parse as parse_ext

from compiler.asl import PathSyntaxError, parse_path
from tests import shared

CORPORA = {"conformance": shared.CONFORMANCE_ASL, "real-world": shared.ASL_REAL}
DOC = shared.REPO / "docs" / "jsonpath.md"

_JAYWAY_OPERATOR = re.compile(r"=~|\s(?:in|nin|subsetof|anyof|noneof|size|empty)\s")
_UNQUOTED_WORD = re.compile(r"(?:[=<>]|!=)\s*(?!(?:true|false|null)\b)[A-Za-z_]\w*\s*\)")


def ours(text: str) -> bool:
    try:
        parse_path(text)
    except PathSyntaxError:
        return False
    return True


def oracle(text: str) -> bool:
    """jsonpath-ng's verdict, with Step Functions' rules on top."""
    if not text.startswith("$"):
        return False
    body = text[1:] if text.startswith("$$") else text
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # jsonpath-ng deprecates unquoted words in filters
        try:
            (parse_ext if "[?" in body else parse_base)(body)
        except Exception:  # jsonpath-ng raises its own lexer/parser errors and plain ones
            return False
    return True


def categories(text: str) -> list[str]:
    """The documented reasons the two may disagree on ``text`` (docs/jsonpath.md)."""
    rest = text[2:] if text.startswith("$$") else text[1:]
    found = []
    if ".[?" in text:
        found.append("dot-before-filter")
    if _JAYWAY_OPERATOR.search(text):
        found.append("jayway-filter-operator")
    if "$" in rest:
        found.append("dollar-in-name")
    if any(ord(ch) > 127 for ch in text):
        found.append("non-ascii-name")
    if "[?" in text and re.search(r"\.\d+\.\d", text):
        found.append("digit-names-with-filter")
    if _UNQUOTED_WORD.search(text):
        found.append("unquoted-word-in-filter")
    return found


def undocumented(texts: set[str]) -> list[str]:
    return sorted(f"{t!r}: ours {'accepts' if ours(t) else 'rejects'}, jsonpath-ng "
                  f"{'accepts' if oracle(t) else 'rejects'}" for t in texts if ours(t) != oracle(t) and not categories(t))


# Paths from a grammar ------------------------------------------------------------------------------

_NAME = st.one_of(st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,6}", fullmatch=True),
                  st.sampled_from(["a-b", "日本", "été", "$b", "b$", "1", "true", "null", "@x"]))
_QUOTED = st.builds(lambda name, quote: f"{quote}{name}{quote}", st.one_of(_NAME, st.sampled_from(["a b", "a.b"])),
                    st.sampled_from(["'", '"']))
_INDEX = st.integers(-3, 12).map(str)
_VALUE = st.one_of(_INDEX, st.sampled_from(["'x'", '"y"', "true", "null", "word", "@.other", "1.5"]))
_OPERATOR = st.sampled_from(["==", "!=", "<", "<=", ">", ">=", " == "])
_JAYWAY = st.sampled_from([" =~ /a.*/", " in ['a','b']", " nin [1]", " empty true", " size 2"])
_FILTER = st.one_of(
    st.builds(lambda name, op, value: f"[?(@.{name}{op}{value})]", _NAME, _OPERATOR, _VALUE),
    st.builds(lambda name, op: f"[?(@.{name}{op})]", _NAME, _JAYWAY),
)
_SEGMENT = st.one_of(
    _NAME.map(lambda name: "." + name),
    _QUOTED.map(lambda quoted: f"[{quoted}]"),
    _INDEX.map(lambda index: f"[{index}]"),
    st.sampled_from(["[*]", ".*"]),
    _NAME.map(lambda name: ".." + name),
    st.builds(lambda start, end: f"[{start}:{end}]", st.integers(-2, 4), st.integers(-2, 6)),
    st.lists(_QUOTED, min_size=2, max_size=3).map(lambda names: "[" + ",".join(names) + "]"),
    st.builds(lambda first, second: f"[{first},{second}]", _INDEX, _INDEX),
    _FILTER,
    _FILTER.map(lambda selector: "." + selector),
)
PATHS = st.builds(lambda root, segments: root + "".join(segments), st.sampled_from(["$", "$$"]),
                  st.lists(_SEGMENT, max_size=4))


@given(PATHS)
def test_generated_paths_disagree_only_where_documented(text: str) -> None:
    assert not undocumented({text})


@pytest.mark.parametrize(
    ("text", "accepted"),
    [
        ("$", True), ("$.a.b", True), ("$['first_result','parallel_no']", True), ("$.list[0]", True),
        ("$..x", True), ("$.a[*]", True), ("$.a[1:3]", True), ("$$.Execution.Id", True),
        ("$.a[?(@.x > 1)]", True), ("$.a[?(@.x == 'y')]", True), ("$['a b']", True),
        ("a.b", False), ("$.", False), ("$.a[", False), ("$.a b", False),
        ("$['first_result','parallel_no','message','context_name','const_value]", False),  # the seed's typo
    ],
)
def test_where_the_grammars_agree(text: str, accepted: bool) -> None:
    assert (ours(text), oracle(text)) == (accepted, accepted)


@pytest.mark.parametrize(
    ("text", "category", "ours_accepts"),
    [
        ("$.[?(@.x > 0)]", "dot-before-filter", True),
        ("$.a[?(@.x =~ /a.*/)]", "jayway-filter-operator", True),
        ("$.a[?(@.x in ['a','b'])]", "jayway-filter-operator", True),
        ("$.a.$b", "dollar-in-name", True),
        ("$.été", "non-ascii-name", True),
        ("$.a.1.2[?(@.x > 1)]", "digit-names-with-filter", True),
        ("$.a[?(@.x == word)]", "unquoted-word-in-filter", False),
    ],
)
def test_each_documented_disagreement_is_real(text: str, category: str, ours_accepts: bool) -> None:
    assert categories(text) == [category]
    assert (ours(text), oracle(text)) == (ours_accepts, not ours_accepts)


def test_the_doc_lists_every_category() -> None:
    text = DOC.read_text(encoding="utf-8")
    probe = "$.[?(@.a =~ /x/)].$b.été.1.2[?(@.x == word)]"
    for category in categories(probe):
        assert f"`{category}`" in text, f"docs/jsonpath.md has no row for {category}"


# Paths from the corpora ----------------------------------------------------------------------------

_PATH_FIELD = re.compile(r"^(?:InputPath|OutputPath|ResultPath|ItemsPath|Variable|\w+Path)$")
_NOT_A_PATH = re.compile(r"^\$[A-Za-z_]|\$\{")  # a workflow variable, or a template's ${placeholder}


def corpus_paths(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if (isinstance(value, str) and value.startswith("$") and not _NOT_A_PATH.search(value)
                    and (_PATH_FIELD.match(str(key)) or str(key).endswith(".$"))):
                yield value
            yield from corpus_paths(value)
    elif isinstance(node, list):
        for item in node:
            yield from corpus_paths(item)


@shared.conformance
@pytest.mark.parametrize("corpus", sorted(CORPORA))
def test_corpus_paths_disagree_only_where_documented(corpus: str) -> None:
    root = CORPORA[corpus]
    texts: set[str] = set()
    for file in sorted(root.rglob("*.json")):
        try:
            texts.update(corpus_paths(json.loads(file.read_text(encoding="utf-8"))))
        except ValueError:
            continue
    assert len(texts) > 50, f"too few paths found in {root}: the walk is broken"
    assert not undocumented(texts)
    # What docs/jsonpath.md reports for the corpora (regenerate the numbers there if these change).
    seen = Counter(c for t in texts if ours(t) != oracle(t) for c in categories(t))
    assert dict(seen) == {"conformance": {}, "real-world": {"unquoted-word-in-filter": 8, "dot-before-filter": 1}}[corpus]
