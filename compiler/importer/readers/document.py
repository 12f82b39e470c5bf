"""Reading an input file (JSON or YAML, CloudFormation short-form tags allowed) with source positions.

JSON is parsed with the json module (exact, fast); its positions are found only when a diagnostic
needs one, by composing the same text as YAML. YAML is composed into nodes once, which gives both
the values and the positions. CloudFormation tags become their long form (``!GetAtt Fn.Arn`` ->
``{"Fn::GetAtt": ["Fn", "Arn"]}``), so the template readers only deal with one form.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from compiler import diagnostics as codes
from compiler.importer.errors import Refusal
from compiler.loader import MAX_BYTES, MAX_DEPTH, resolve_plain
from compiler.source import Path, SourceMap, Span


@dataclass
class Document:
    file: str
    text: str
    data: Any
    is_json: bool
    _source: SourceMap | None = field(default=None, repr=False)
    folder: FsPath = field(default_factory=FsPath.cwd)

    @property
    def source(self) -> SourceMap:
        """Positions of every key and value; computed on first use for JSON."""
        if self._source is None:
            source = SourceMap(self.file, self.text)
            # Positions are a courtesy: on failure the nearest known ancestor (or 1:1) is used.
            with contextlib.suppress(Refusal, YAMLError, ValueError, RecursionError):
                node = _compose(self.text)
                if node is not None:
                    _Composer(self.file, source).value(node, (), 0)
            self._source = source
        return self._source


def _compose(text: str) -> Node | None:
    return YAML(typ="safe", pure=True).compose(text)


def read_file(path: FsPath, display: str | None = None) -> Document:
    name = display or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise Refusal(codes.Y_IO, f"cannot read {name}: {exc.strerror or exc}") from None
    doc = read_bytes(raw, name)
    doc.folder = path.resolve().parent
    return doc


def read_bytes(raw: bytes, name: str) -> Document:
    if len(raw) > MAX_BYTES:
        raise Refusal(codes.Y_TOO_LARGE, f"the file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Refusal(codes.Y_ENCODING, f"byte 0x{raw[exc.start]:02x} at offset {exc.start} is not valid UTF-8") from None
    return read_text(text.removeprefix("\ufeff"), name)


def read_text(text: str, name: str) -> Document:
    if text.lstrip().startswith(("{", "[")):
        try:
            data = json.loads(text, object_pairs_hook=_no_duplicates)
        except json.JSONDecodeError as exc:
            raise _at(name, text, exc.lineno, exc.colno, f"invalid JSON: {exc.msg}") from None
        except ValueError as exc:
            raise Refusal(codes.M_UNREADABLE, str(exc)) from None
        except RecursionError:
            raise Refusal(codes.Y_TOO_DEEP, "the JSON nests too deep") from None
        return Document(name, text, data, True)
    source = SourceMap(name, text)
    try:
        node = _compose(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = " ".join(str(p) for p in (exc.context, exc.problem) if p) or "invalid YAML"
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        raise _at(name, text, line, col, problem) from None
    except (YAMLError, ValueError, RecursionError) as exc:
        raise Refusal(codes.M_UNREADABLE, f"invalid YAML: {str(exc).splitlines()[0] if str(exc) else exc}") from None
    data = _Composer(name, source).value(node, (), 0) if node is not None else None
    return Document(name, text, data, False, source)


def _at(name: str, text: str, line: int, col: int, message: str) -> Refusal:
    return Refusal(codes.M_UNREADABLE, message, span=Span(name, line, col, line, col + 1))


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"duplicate key '{key}' in a JSON object")
        out[key] = value
    return out


def intrinsic(tag: str, value: Any) -> dict[str, Any]:
    """The long form of a CloudFormation short-form tag."""
    name = tag[1:]
    if name == "GetAtt" and isinstance(value, str):
        value = value.split(".", 1)
    if name in ("Ref", "Condition"):
        return {name: value}
    return {f"Fn::{name}": value}


class _Composer:
    """Node tree -> plain values, recording spans; merge keys and aliases as in ``compiler.loader``."""

    def __init__(self, file: str, source: SourceMap) -> None:
        self.file = file
        self.source = source
        self.nodes = 0

    def span(self, node: Node) -> Span:
        s, e = node.start_mark, node.end_mark
        return Span(self.file, s.line + 1, s.column + 1, e.line + 1, e.column + 1)

    def value(self, node: Node, path: Path, depth: int) -> Any:
        self.nodes += 1
        if depth > MAX_DEPTH or self.nodes > 500_000:
            raise Refusal(codes.Y_TOO_DEEP, "the document nests too deep or expands to too many nodes", path)
        self.source.values.setdefault(path, self.span(node))
        tag = node.tag or ""
        if isinstance(node, ScalarNode):
            value: Any = node.value if node.style else resolve_plain(node.value)
        elif isinstance(node, SequenceNode):
            value = [self.value(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        elif isinstance(node, MappingNode):
            value = self.mapping(node, path, depth)
        else:
            value = None
        if tag.startswith("!") and tag != "!":
            return intrinsic(tag, value)
        return value

    def mapping(self, node: MappingNode, path: Path, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        merged: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == "<<" and not key_node.style:
                sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
                for source in sources:
                    item = self.value(source, (*path, "<<"), depth + 1)
                    if isinstance(item, dict):
                        for k, v in item.items():
                            merged.setdefault(k, v)
                continue
            if not isinstance(key_node, ScalarNode):
                raise Refusal(codes.M_UNREADABLE, "mapping keys must be plain text", path)
            key = str(key_node.value)
            if key in out:
                raise Refusal(codes.Y_DUPLICATE_KEY, f"duplicate key '{key}'", (*path, key))
            self.source.keys[(*path, key)] = self.span(key_node)
            out[key] = self.value(value_node, (*path, key), depth + 1)
        return {**{k: v for k, v in merged.items() if k not in out}, **out}
