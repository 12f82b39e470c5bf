"""One ``compiler import`` run: read, convert each definition, check the round trip, produce the text.

Nothing is written here: the command writes ``Outcome.text`` only when there is no error, so a
refused import never leaves a partial file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

from compiler.diagnostics import (
    CODES,
    I_INTERNAL,
    M_AMBIGUOUS,
    M_COLLISION,
    M_TARGET_ERRORS,
    Y_IO,
    Diagnostic,
    Finding,
    Report,
)
from compiler.importer.convert import Imported, check_round_trip, convert
from compiler.importer.errors import Located, Refusal
from compiler.importer.merge import Target, add, check_machine_key, load_target, plain_additions, targets
from compiler.importer.readers import Found, read_input
from compiler.importer.recognize import PARAM_NAME, Targets
from compiler.importer.writer import (
    check_reads_back,
    dump,
    machine_node,
    new_spec,
    resource_nodes,
    summary,
)
from compiler.source import Path, SourceMap


@dataclass
class Outcome:
    text: str | None = None
    reports: dict[str, Report] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)  # the human summary for stderr

    @property
    def ok(self) -> bool:
        return self.text is not None and not any(r.has_errors for r in self.reports.values())

    def report(self, source: SourceMap) -> Report:
        return self.reports.setdefault(source.file, Report(source))

    def add(self, source: SourceMap, located: Located, path: Path | None = None) -> None:
        """Report ``located`` in ``source``; ``path`` (in that file) overrides the definition-relative one."""
        report = self.report(source)
        if located.span is not None:  # a parse error: no path to locate, the span says where
            report.diagnostics.append(Diagnostic(located.code, CODES[located.code].severity, located.message,
                                                 located.span, located.hint))
            return
        report.add(Finding(located.code, located.message, located.path if path is None else path, located.hint))


def import_file(path: FsPath, *, into: FsPath | None = None, name: str | None = None) -> Outcome:
    """Import ``path``; any failure, even a bug of ours, is a diagnostic in the outcome."""
    try:
        return _import(path, into, name)
    except Exception as exc:  # a bug must not become a traceback; the user gets a report instead
        outcome = Outcome()
        outcome.add(SourceMap(str(path)), Located(
            I_INTERNAL, f"the importer failed: {type(exc).__name__}: {exc}",
            hint="this is a bug in the compiler; please report it with the input that triggers it"))
        return outcome


def _import(path: FsPath, into: FsPath | None, name: str | None) -> Outcome:
    outcome = Outcome()
    doc, found, refusal = read_input(path)
    if refusal is not None:
        outcome.add(doc.source if doc is not None else SourceMap(str(path)), refusal.located)
        return outcome
    if name is not None and len(found) > 1:
        outcome.add(found[0].doc.source, Located(
            M_AMBIGUOUS, f"the input holds {len(found)} state machines; --name can name only one",
            found[1].base, "leave --name out: each machine is keyed by its logical id"))
        return outcome
    if name is not None and not PARAM_NAME.match(name):
        outcome.add(SourceMap("--name"), Located(M_COLLISION, f"'{name}' is not a valid spec key",
                                                 hint="letters, digits and '_', starting with a letter"))
        return outcome
    target: Target | None = None
    if into is not None:
        try:
            target = load_target(into.read_text("utf-8"), str(into))
        except Refusal as exc:
            outcome.add(SourceMap(str(into)), exc.located)
            return outcome
        except (OSError, UnicodeDecodeError) as exc:
            outcome.add(SourceMap(str(into)), Located(Y_IO, f"cannot read the target spec: {exc}"))
            return outcome
        _warn_if_broken(into, outcome)
    known = targets(target.data) if target is not None else Targets()
    for item in found:  # machines of one template may start each other
        known.machines.setdefault(item.key if name is None else name, item.key if name is None else name)
    results: list[tuple[Found, Imported]] = []
    for item in found:
        key = name or item.key
        if target is not None:
            try:
                check_machine_key(target.data, key)
            except Refusal as exc:
                outcome.add(target.source, exc.located)
                continue
        try:
            imported = convert(item.definition, key, bindings=item.bindings, targets=known, settings=item.settings)
            results.append((item, imported))
            _share(imported, known)
        except Refusal as exc:
            outcome.add(item.doc.source, exc.located, item.path(exc.located.path))
    if len(results) != len(found):
        return outcome
    text = _render(results, target, outcome)
    for item, imported in results:
        for note in item.notes:
            outcome.add((item.template or item.doc).source, note)
        for note in imported.notes:
            outcome.add(item.doc.source, note, item.path(note.path))
        if text is not None:
            outcome.lines.append(f"{imported.key}: imported from {item.origin}. {summary(imported)}")
    outcome.text = text
    return outcome


def _warn_if_broken(into: FsPath, outcome: Outcome) -> None:
    """The merge keeps the target's own errors; say so rather than hand back a spec that fails."""
    from compiler.pipeline import compile_spec

    errors = [d for d in compile_spec(into).report.sorted() if d.is_error]
    if errors:
        first = errors[0]
        outcome.add(SourceMap(str(into)), Located(
            M_TARGET_ERRORS,
            f"{into} already has {len(errors)} error(s) of its own, e.g. line {first.span.line}: "
            f"[{first.code}] {first.message}",
            hint=f"the merge keeps them; run: compiler validate {into}",
        ))


def _share(imported: Imported, known: Targets) -> None:
    """Later machines of the same input reuse the resources an earlier one introduced."""
    for ref, text in imported.originals.items():
        body = imported.resources.get(ref.key)
        if body is not None:
            table = known.functions if body["type"] == "function" else known.machines
            table.setdefault(text, ref.key)


def _render(results: list[tuple[Found, Imported]], target: Target | None, outcome: Outcome) -> str | None:
    """The output text, after the round trip of every machine and of the YAML itself."""
    if target is None:
        first_item, first = results[0]
        node = new_spec(first, first_item.definition, first_item.origin)
        additions: list[tuple[str, str, Any]] = []
        for item, imported in results[1:]:
            additions.extend(_append(node, item, imported))
        expected = plain_additions({"version": 1}, _sections(first) + additions)
    else:
        node = target.node
        additions = []
        for item, imported in results:
            additions.extend(_append(node, item, imported))
        expected = plain_additions(target.data, additions)
    for item, imported in results:
        try:
            check_round_trip(expected, imported, item.definition)
        except Refusal as exc:
            outcome.add(item.doc.source, exc.located, item.path(exc.located.path))
    if any(r.has_errors for r in outcome.reports.values()):
        return None
    text = dump(node, target.yaml if target is not None else None)
    try:
        check_reads_back(text, expected, "<import output>")
    except Refusal as exc:
        outcome.add(results[0][0].doc.source, exc.located)
        return None
    return text


def _sections(imported: Imported) -> list[tuple[str, str, Any]]:
    out: list[tuple[str, str, Any]] = [("parameters", k, v) for k, v in imported.parameters.items()]
    out += [("resources", k, v) for k, v in imported.resources.items()]
    out.append(("state_machines", imported.key, imported.machine))
    return out


def _append(node: Any, item: Found, imported: Imported) -> list[tuple[str, str, Any]]:
    """Add one machine and what it needs to a round-trip document; return what was added."""
    added: list[tuple[str, str, Any]] = []
    params, resources = resource_nodes(imported)
    existing_params = node.get("parameters") or {}
    for name, value in params.items():
        if name not in existing_params:
            add(node, "parameters", name, value, before="resources" if "resources" in node else "state_machines")
            added.append(("parameters", name, imported.parameters[name]))
    for key, value in resources.items():
        add(node, "resources", key, value, before="state_machines")
        comment = imported.comments.get(key)
        if comment:
            node["resources"].yaml_add_eol_comment(comment, key)
        added.append(("resources", key, imported.resources[key]))
    add(node, "state_machines", imported.key, machine_node(imported, item.definition, item.origin))
    added.append(("state_machines", imported.key, imported.machine))
    return added

