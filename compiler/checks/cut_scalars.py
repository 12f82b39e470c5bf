"""Unquoted expressions cut short by YAML: ``UpdateExpression: SET #s = :failed`` is the string ``SET``.

In YAML a `` #`` starts a comment, also inside an unquoted (plain) value. DynamoDB expressions name
attributes ``#s``, so an unquoted expression silently loses its tail. A field whose name says it
holds an expression (or a query/statement) and whose plain value is followed by a comment on the
same line is most likely such a cut. Only service parameters count (PascalCase keys such as
``UpdateExpression`` or ``QueryString``): the spec's own snake_case fields (``query_language``) hold
keywords, where a trailing comment is just a comment.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from compiler import diagnostics as codes
from compiler.checks import CheckContext
from compiler.diagnostics import Finding
from compiler.source import Path, SourceMap

EXPRESSION_KEY = re.compile(r"(expression|query|statement|sql)", re.IGNORECASE)


def check(ctx: CheckContext) -> Iterator[Finding]:
    if ctx.source is None or not ctx.source.text:
        return
    yield from _walk(ctx.data, (), ctx.source)


def _walk(value: Any, path: Path, source: SourceMap) -> Iterator[Finding]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, (*path, key), source)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, (*path, index), source)
    elif (isinstance(value, str) and path and isinstance(path[-1], str) and path[-1][:1].isupper()
          and EXPRESSION_KEY.search(path[-1])):
        comment = _trailing_comment(path, source)
        if comment is not None:
            yield Finding(codes.W_CUT_BY_COMMENT,
                          f"'{path[-1]}' is {value!r}: YAML read '{comment}' after it as a comment",
                          path, f"quote the whole value: {path[-1]}: \"{value} {comment}\"")


def _trailing_comment(path: Path, source: SourceMap) -> str | None:
    """The comment after a plain scalar written on one line, or None."""
    span = source.values.get(path)
    if span is None or span.line != span.end_line:
        return None
    line = source.line_text(span.line)
    written = line[span.col - 1:span.end_col - 1]
    if not written or written[0] in "\"'|>":
        return None
    rest = line[span.end_col - 1:]
    if not rest[:1].isspace() or not rest.strip().startswith("#"):
        return None
    return rest.strip()
