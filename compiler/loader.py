"""Read a YAML file into plain Python values plus a source map, turning every problem into a diagnostic.

Only plain YAML is accepted: mappings, sequences and the YAML 1.2 core scalars (compiler/yaml_values.py
builds them). Files over the size limit, bytes that are not UTF-8, empty files and documents whose top
level is not a mapping are diagnostics too.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Any

from compiler import diagnostics as codes
from compiler.diagnostics import Finding, Report
from compiler.source import SourceMap, Span
from compiler.yaml_indent import explain
from compiler.yaml_values import (
    MAX_DEPTH,
    MAX_NODES,
    LibyamlRefused,
    LoadError,
    YamlSyntaxError,
    build_events,
    resolve_plain,
    source_tables,
)

__all__ = ["MAX_BYTES", "MAX_DEPTH", "MAX_NODES", "Loaded", "load_bytes", "load_file", "load_text", "resolve_plain"]

MAX_BYTES = 5 * 1024 * 1024


@dataclass
class Loaded:
    data: Any
    source: SourceMap
    report: Report

    @property
    def ok(self) -> bool:
        return not self.report.has_errors


def _decode(raw: bytes, file: str) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise LoadError(
            Finding(codes.Y_ENCODING, f"byte 0x{raw[exc.start]:02x} is not valid UTF-8", ()),
            Span(file, line, col, line, col + 1),
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


def load_text(text: str, file: str) -> Loaded:
    source = SourceMap(file=file, text=text)
    report = Report(source)
    try:
        try:
            builder = build_events(text, file, pure=False)
        except LibyamlRefused:
            # libyaml reads YAML 1.1 and is ~50x faster; the pure parser reads YAML 1.2 and gives the
            # error message when there is one.
            builder = build_events(text, file, pure=True)
    except LoadError as exc:
        report.add(exc.finding, exc.span)
        return Loaded(None, source, report)
    except YamlSyntaxError as exc:
        if exc.at is None:
            report.add(Finding(codes.Y_SYNTAX, exc.problem, ()), Span(file, 1, 1, 1, 1))
            return Loaded(None, source, report)
        line, col = exc.at
        problem, hint = exc.problem, None
        plain = explain(text, line) if "expected <block end>" in problem else None
        if plain is not None:
            problem, hint = plain
        report.add(Finding(codes.Y_SYNTAX, problem, (), hint), Span(file, line, col, line, col + 1))
        return Loaded(None, source, report)
    except (ValueError, RecursionError, MemoryError) as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        report.add(Finding(codes.Y_SYNTAX, f"invalid YAML: {message}", ()), Span(file, 1, 1, 1, 1))
        return Loaded(None, source, report)
    source.keys, source.values = source_tables(builder)
    data = builder.root
    if builder.documents == 0 or data is None:
        report.add(Finding(codes.Y_EMPTY, "the file holds no YAML document", (), "start with 'version: 1'"))
        return Loaded(None, source, report)
    if not isinstance(data, dict):
        report.add(
            Finding(
                codes.Y_NOT_MAPPING,
                f"the top level is a {_kind(data)}, not a mapping",
                (),
                "a spec is a mapping with 'version', 'resources' and 'state_machines'",
            )
        )
        return Loaded(None, source, report)
    return Loaded(data, source, report)


def load_bytes(raw: bytes, file: str) -> Loaded:
    empty = SourceMap(file=file)
    if len(raw) > MAX_BYTES:
        report = Report(empty)
        report.add(Finding(codes.Y_TOO_LARGE, f"the file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}", ()))
        return Loaded(None, empty, report)
    try:
        text = _decode(raw, file)
    except LoadError as exc:
        report = Report(empty)
        report.add(exc.finding, exc.span)
        return Loaded(None, empty, report)
    return load_text(text, file)


def load_file(path: str | FsPath, display: str | None = None) -> Loaded:
    name = display or str(path)
    try:
        raw = FsPath(path).read_bytes()
    except OSError as exc:
        empty = SourceMap(file=name)
        report = Report(empty)
        report.add(Finding(codes.Y_IO, f"cannot read the file: {exc.strerror or exc}", ()))
        return Loaded(None, empty, report)
    return load_bytes(raw, name)


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "sequence"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return type(value).__name__
