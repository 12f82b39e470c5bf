"""Hover: a state's type, transitions and emitted ASL; a resource reference in its CloudFormation
form; a spec parameter's value; what a path field selects in the spec's test cases; an intrinsic
function's signature."""

from __future__ import annotations

import json
import re
from typing import Any

from lsprotocol import types

from compiler.asl.intrinsics import INTRINSICS
from compiler.lsp.cloudformation import cloudformation, logical_id
from compiler.lsp.completion import path_at
from compiler.lsp.documents import Analysis, uri_path
from compiler.lsp.index import ASL, SPEC, Index, Occurrence, ScopeInfo
from compiler.refs import PARAMS, Ref, refs_in

_WORD = re.compile(r"States\.[A-Za-z]+")
_MAX_ASL_CHARS = 3000


def hover(analysis: Analysis, index: Index, offset: int) -> types.Hover | None:
    found = index.at(offset)
    text = None
    if found is not None:
        if found.symbol.kind == "state":
            text = _state(analysis, index, found)
        elif found.symbol.kind == "param":
            text = _parameter(analysis, found.symbol.name)
        else:
            text = _resource(analysis, index, found, offset)
    if text is None:
        text = _selects(analysis, offset)
    if text is None:
        text = _intrinsic(analysis, offset)
    if text is None:
        return None
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text))


def _state(analysis: Analysis, index: Index, found: Occurrence) -> str | None:
    scope = next((s for s in index.scopes if s.path == found.symbol.scope), None)
    if scope is None:
        return None
    name = found.symbol.name
    d = ASL if analysis.kind == "asl" else SPEC
    state = scope.states.get(name)
    if not isinstance(state, dict):
        return f"**{name}**: no such state here (states: {', '.join(map(str, scope.states))})"
    kind = state.get(d.type, "?")
    lines = [f"**{name}** — `{kind}` state" + (f" of machine `{scope.machine}`" if scope.machine else "")]
    lines.extend(f"- {t}" for t in _transitions(scope, name, state, d))
    asl = _emitted(analysis, scope, name)
    if asl is not None:
        lines += ["", "emits:", "```json", asl, "```"]
    elif analysis.kind == "spec":
        lines += ["", "_(the emitted ASL shows once the spec has no errors)_"]
    return "\n".join(lines)


def _transitions(scope: ScopeInfo, name: str, state: dict[str, Any], d: Any) -> list[str]:
    out = []
    kind = str(state.get(d.type, "")).lower()
    for i, rule in enumerate(state.get(d.choices) or []):
        if isinstance(rule, dict) and rule.get(d.next) is not None:
            out.append(f"choice {i + 1} → {rule[d.next]}")
    if state.get(d.default) is not None:
        out.append(f"default → {state[d.default]}")
    for catcher in state.get(d.catch) or []:
        if isinstance(catcher, dict):
            errors = catcher.get("errors" if d is SPEC else "ErrorEquals")
            out.append(f"catch {', '.join(map(str, errors)) if isinstance(errors, list) else errors} → "
                       f"{catcher.get(d.next)}")
    if state.get(d.next) is not None:
        out.append(f"next → {state[d.next]}")
    elif kind in ("succeed", "fail") or state.get("end" if d is SPEC else "End"):
        out.append("ends")
    elif kind != "choice":
        names = list(scope.states)
        at = names.index(name) if name in names else -1
        following = names[at + 1] if 0 <= at < len(names) - 1 and d is SPEC else None
        out.append(f"next → {following} (the state written after it)" if following else "ends (last state)")
    return out


def _emitted(analysis: Analysis, scope: ScopeInfo, name: str) -> str | None:
    if analysis.kind == "asl":
        state = scope.states.get(name)
        return None if state is None else _clip(json.dumps(state, indent=2, ensure_ascii=False))
    program = analysis.program
    if program is None or scope.machine not in program.machines:
        return None
    found = _find_state(program.machines[scope.machine].definition, name)
    return None if found is None else _clip(json.dumps(found, indent=2, ensure_ascii=False))


def _find_state(definition: Any, name: str) -> Any:
    states = definition.get("States") if isinstance(definition, dict) else None
    if not isinstance(states, dict):
        return None
    if name in states:
        return states[name]
    for state in states.values():
        if not isinstance(state, dict):
            continue
        for child in [*(state.get("Branches") or []), state.get("ItemProcessor"), state.get("Iterator")]:
            found = _find_state(child, name)
            if found is not None:
                return found
    return None


def _clip(text: str) -> str:
    return text if len(text) <= _MAX_ASL_CHARS else text[:_MAX_ASL_CHARS] + "\n…"


def _parameter(analysis: Analysis, name: str) -> str:
    data = analysis.data if isinstance(analysis.data, dict) else {}
    body = (data.get("parameters") or {}).get(name) if isinstance(data.get("parameters"), dict) else None
    if not isinstance(body, dict):
        return f"**params.{name}**: not declared under `parameters`"
    lines = [f"**params.{name}** — spec parameter", f"- default: `{body.get('default')}`",
             f"- override: `cdk synth -c {name}=VALUE`"]
    if body.get("description"):
        lines.append(f"- {body['description']}")
    return "\n".join(lines)


def _resource(analysis: Analysis, index: Index, found: Occurrence, offset: int) -> str:
    key = found.symbol.name
    kind = index.resource_kinds.get(key)
    if kind is None:
        return f"**{key}**: no resource or state machine has this key"
    data = analysis.data if isinstance(analysis.data, dict) else {}
    section = "state_machines" if kind == "machine" else "resources"
    body = (data.get(section) or {}).get(key)
    lines = [f"**{key}** — {'state machine' if kind == 'machine' else kind}",
             f"- CloudFormation logical id: `{logical_id(key)}`"]
    ref = _ref_at(analysis, found, offset)
    if ref is not None:
        form = cloudformation(kind, key, ref.attr, body)
        if form is not None:
            lines.append(f"- `{ref}` → `{form}`")
        if analysis.program is not None:
            lines.append(f"- in `compiler run`: `{analysis.program.local_value(ref)}`")
    return "\n".join(lines)


def _ref_at(analysis: Analysis, found: Occurrence, offset: int) -> Ref | None:
    if found.field != "${}":
        return None
    start = analysis.text.rfind("${", 0, found.start + 2)
    end = analysis.text.find("}", found.end)
    for ref, _ in refs_in(analysis.text[start:end + 1]):
        if ref.key != PARAMS:
            return ref
    return None


def _intrinsic(analysis: Analysis, offset: int) -> str | None:
    line, col = analysis.lines.line_col(offset)
    text = analysis.lines.line(line)
    for m in _WORD.finditer(text):
        if m.start() <= col <= m.end() and m.group(0) in INTRINSICS:
            low, high = INTRINSICS[m.group(0)]
            count = f"{low}" if low == high else f"at least {low}" if high is None else f"{low} to {high}"
            return f"**{m.group(0)}**(…) — intrinsic function taking {count} argument(s)"
    return None


_SHOWN_CASES = 5
_MAX_VALUE_CHARS = 300


def _selects(analysis: Analysis, offset: int) -> str | None:
    """A path field under the cursor: what it selects in each test case that reaches its state."""
    if analysis.kind != "spec" or analysis.program is None:
        return None
    at = path_at(analysis, offset)
    value = _value_at(analysis.data, at)
    if not isinstance(value, str) or not value.startswith("$") or len(at) < 5 or at[0] != "state_machines":
        return None
    i = max((n for n in range(len(at) - 2) if at[n] == "states"), default=-1)
    if i < 0:
        return None
    state_name, field_path = str(at[i + 1]), at[i + 2:]
    if not _is_path_field(field_path):
        return None
    from compiler.lsp.samples import samples, selection

    machine = analysis.program.machines.get(str(at[1]))
    found = samples(uri_path(analysis.uri))
    if machine is None or not found:
        return None  # no test file: nothing to run the path on
    state = _value_at(analysis.data, at[:i + 2])
    runs = found.get((machine.name, state_name), [])
    field = ".".join(str(part) for part in field_path)
    lines = [f"**`{value}`** (`{field}` of `{state_name}`) in the spec's test cases (as saved):"]
    if not runs:
        lines.append(f"- no test case reaches `{state_name}`")
    for sample in runs[:_SHOWN_CASES]:
        ok, selected = selection(field_path, value, state if isinstance(state, dict) else {}, sample)
        shown = f"`{_compact(selected)}`" if ok else f"_{selected}_"
        lines.append(f"- {sample.case}: {shown}")
    if len(runs) > _SHOWN_CASES:
        lines.append(f"- … and {len(runs) - _SHOWN_CASES} more")
    return "\n".join(lines)


def _is_path_field(field_path: tuple[str | int, ...]) -> bool:
    first, last = field_path[0], field_path[-1]
    if len(field_path) == 1:
        return first in ("input_path", "output_path", "items_path")
    if first in ("parameters", "payload", "input", "item_selector", "result_selector"):
        return isinstance(last, str) and last.endswith(".$")
    return first == "choices" and (last == "variable" or (isinstance(last, str) and last.endswith("_path")))


def _value_at(data: Any, path: tuple[str | int, ...]) -> Any:
    for part in path:
        found = (isinstance(data, dict) and part in data) or (
            isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data))
        if not found:
            return None
        data = data[part]
    return data


def _compact(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(", ", ": "), default=str)
    return text if len(text) <= _MAX_VALUE_CHARS else text[:_MAX_VALUE_CHARS] + "…"
