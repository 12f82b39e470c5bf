"""Code actions for diagnostics whose hint is a concrete fix.

- "did you mean 'X'?": the misspelled word (the first name the message quotes that is written in the
  diagnostic's range) is replaced by X;
- "... stack.nag_acknowledgements: {rule: R, reason: ..., resources: [K]}" (C701 from synth, W411 from
  validate): an entry for R (scoped to K when the hint is) is inserted under
  ``stack.nag_acknowledgements`` (the section is created when missing).
"""

from __future__ import annotations

import re
from typing import Any

from lsprotocol import types

from compiler.lsp.documents import Analysis

_DID_YOU_MEAN = re.compile(r"did you mean '([^']+)'\?")
_QUOTED = re.compile(r"'([^']+)'")
_NAG = re.compile(r"stack\.nag_acknowledgements: \{rule: ([A-Za-z0-9-]+)(?:, reason: \"[^\"]*\")?(?:, resources: \[([^\]]*)\])?")


def code_actions(analysis: Analysis, diagnostics: list[types.Diagnostic]) -> list[types.CodeAction]:
    out = []
    for diagnostic in diagnostics:
        hint = _hint(diagnostic)
        if hint is None:
            continue
        if (m := _DID_YOU_MEAN.search(hint)) is not None:
            action = _replace(analysis, diagnostic, m.group(1))
        elif (m := _NAG.search(hint)) is not None:
            action = _acknowledge(analysis, diagnostic, m.group(1), m.group(2))
        else:
            action = None
        if action is not None:
            out.append(action)
    return out


def _hint(diagnostic: types.Diagnostic) -> str | None:
    data: Any = diagnostic.data
    if isinstance(data, dict) and isinstance(data.get("hint"), str):
        return str(data["hint"])
    _, _, hint = diagnostic.message.partition("\nhint: ")
    return hint or None


def _replace(analysis: Analysis, diagnostic: types.Diagnostic, better: str) -> types.CodeAction | None:
    lines = analysis.lines
    start = lines.from_position(diagnostic.range.start)
    end = lines.from_position(diagnostic.range.end)
    written = analysis.text[start:end]
    message = diagnostic.message.partition("\nhint: ")[0]
    for word in _QUOTED.findall(message):
        if word == better:
            continue
        at = written.find(word)
        if at >= 0:
            edit = types.TextEdit(range=lines.range(start + at, start + at + len(word)), new_text=better)
            return types.CodeAction(
                title=f"Change '{word}' to '{better}'", kind=types.CodeActionKind.QuickFix,
                diagnostics=[diagnostic], is_preferred=True,
                edit=types.WorkspaceEdit(changes={analysis.uri: [edit]}),
            )
    return None


def _acknowledge(analysis: Analysis, diagnostic: types.Diagnostic, rule: str, resources: str | None) -> types.CodeAction:
    text = analysis.text
    entry = f"- rule: {rule}\n  reason: TODO say why this finding is accepted\n"
    if resources:
        entry += f"  resources: [{resources}]\n"
    lines = text.splitlines(keepends=True)
    at, indent = _section_end(lines, "stack", "nag_acknowledgements")
    if at is not None:
        new = "".join(" " * indent + line for line in entry.splitlines(keepends=True))
    else:
        at, _ = _section_end(lines, None, "stack")
        if at is not None:
            new = "  nag_acknowledgements:\n" + "".join("    " + line for line in entry.splitlines(keepends=True))
        else:
            at = len(lines)
            new = "stack:\n  nag_acknowledgements:\n" + "".join(
                "    " + line for line in entry.splitlines(keepends=True))
            if lines and not lines[-1].endswith("\n"):
                new = "\n" + new
    offset = sum(len(line) for line in lines[:at])
    edit = types.TextEdit(range=analysis.lines.range(offset, offset), new_text=new)
    return types.CodeAction(
        title=f"Acknowledge {rule} in stack.nag_acknowledgements", kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic], edit=types.WorkspaceEdit(changes={analysis.uri: [edit]}),
    )


def _section_end(lines: list[str], parent: str | None, key: str) -> tuple[int | None, int]:
    """The line after the block of ``key`` (under top-level ``parent``), and the indent of its items."""
    inside_parent = parent is None
    for i, line in enumerate(lines):
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if parent is not None and indent == 0 and stripped.startswith(f"{parent}:"):
            inside_parent = True
            continue
        if parent is not None and indent == 0 and stripped.strip() and not stripped.startswith("#"):
            inside_parent = False
        if inside_parent and stripped.startswith(f"{key}:") and (parent is None) == (indent == 0):
            end = i + 1
            item_indent = indent + 2
            for j in range(i + 1, len(lines)):
                s = lines[j].lstrip(" ")
                if not s.strip() or s.startswith("#"):
                    continue
                ind = len(lines[j]) - len(s)
                if ind <= indent and not (ind == indent and s.startswith("- ")):
                    break
                if s.startswith("- ") and j == i + 1:
                    item_indent = ind
                end = j + 1
            return end, item_indent
    return None, 0
