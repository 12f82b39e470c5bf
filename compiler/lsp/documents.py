"""A buffer run through the same pipeline as ``compiler validate``, with what the other features need.

A spec goes through ``compile_spec`` (its relative paths resolved against the file's folder); an
ASL file through ``validate_asl``, which reads a file, so the buffer is written to a scratch file
of the same name first. Nothing here re-implements a check.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import unquote, urlparse

from compiler.diagnostics import Report
from compiler.ir import Program
from compiler.lsp.text import Lines
from compiler.model import Spec
from compiler.source import SourceMap

Kind = Literal["spec", "asl", "other"]

# Top-level keys that make a YAML file a spec (column 0, as the loader's mapping requires).
_SPEC_KEY = re.compile(r"^(version|state_machines)\s*:", re.MULTILINE)
_ASL_SUFFIXES = (".asl.json", ".asl.yaml", ".asl.yml")
# Language ids a client may use to say "this is a spec" or "this is ASL" whatever the file is called.
SPEC_LANGUAGES = {"sfn-workflow", "workflow-yaml"}
ASL_LANGUAGES = {"asl", "stepfunctions-asl", "amazon-states-language"}


@dataclass(eq=False)  # hashed by identity: features cache what they derive from one analysis
class Analysis:
    """One version of one buffer, validated."""

    uri: str
    version: int | None
    kind: Kind
    lines: Lines
    report: Report
    data: Any = None  # the loaded document (a spec's plain values, or the ASL definition)
    source: SourceMap = field(default_factory=lambda: SourceMap(""))
    spec: Spec | None = None
    program: Program | None = None

    @property
    def text(self) -> str:
        return self.lines.text

    @property
    def folder(self) -> Path:
        return uri_path(self.uri).parent


def uri_path(uri: str) -> Path:
    """The file a URI names; an unsaved buffer (``untitled:...``) counts as a file in the working folder."""
    parsed = urlparse(uri)
    if parsed.scheme in ("", "file"):
        return Path(unquote(parsed.path))
    return Path.cwd() / (Path(unquote(parsed.path)).name or "untitled")


def kind_of(uri: str, text: str, language: str | None = None) -> Kind:
    name = uri_path(uri).name.lower()
    if language in ASL_LANGUAGES or name.endswith(_ASL_SUFFIXES):
        return "asl"
    if language in SPEC_LANGUAGES or name.startswith("workflow") or _SPEC_KEY.search(text):
        return "spec"
    if ('"StartAt"' in text or "StartAt:" in text) and "States" in text:
        return "asl"
    return "other"


def analyze(uri: str, text: str, version: int | None = None, language: str | None = None) -> Analysis:
    """Validate ``text`` as the file at ``uri`` would be validated by ``compiler validate``."""
    kind = kind_of(uri, text, language)
    lines = Lines(text)
    path = uri_path(uri)
    if kind == "asl":
        return _asl(uri, version, lines, path)
    if kind == "other":
        return Analysis(uri, version, kind, lines, Report(SourceMap(path.name, text)))
    from compiler.pipeline import compile_spec

    compiled = compile_spec(path, text=text.encode("utf-8", "surrogatepass"), display=path.name, root=path.parent,
                            nag=True)  # as validate: the cdk-nag findings synth will report (W411)
    return Analysis(uri, version, kind, lines, compiled.report, compiled.data, compiled.report.source,
                    compiled.spec, compiled.program)


def _asl(uri: str, version: int | None, lines: Lines, path: Path) -> Analysis:
    from compiler.importer.errors import Refusal
    from compiler.importer.readers.document import read_text
    from compiler.local.asl_file import looks_like_asl, validate_asl

    with tempfile.TemporaryDirectory(prefix="compiler-lsp-") as folder:
        scratch = Path(folder) / (path.name or "definition.asl.json")
        scratch.write_text(lines.text, "utf-8", errors="surrogatepass")
        if not looks_like_asl(scratch):
            # Not (yet) a definition: whatever validate would say about it as a spec.
            from compiler.pipeline import compile_spec

            compiled = compile_spec(path, text=lines.text.encode("utf-8", "surrogatepass"), display=path.name,
                                    root=path.parent)
            return Analysis(uri, version, "asl", lines, compiled.report, None, compiled.report.source)
        report = validate_asl(scratch, path.name)
    try:
        document = read_text(lines.text, path.name)
    except (Refusal, ValueError, RecursionError):
        return Analysis(uri, version, "asl", lines, report, None, report.source)
    source = report.source if report.source.values else document.source
    return Analysis(uri, version, "asl", lines, report, document.data, source)
