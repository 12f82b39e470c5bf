"""``--into``: add imported machines to an existing spec without disturbing what is there.

The target is loaded with ruamel's round-trip loader (comments, anchors, merge keys and quoting
kept) and dumped with the indentation that reproduces the untouched file byte for byte; new
entries are appended at the end of their sections. A machine key that is already used is refused;
resources and parameters already in the target are reused when they are the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from compiler.diagnostics import M_COLLISION, M_UNREADABLE
from compiler.importer.errors import Refusal
from compiler.importer.recognize import Targets
from compiler.importer.writer import dump, yaml_dumper
from compiler.loader import load_text
from compiler.source import SourceMap

LAYOUTS = [(m, s, o) for m in (2, 4) for s, o in ((4, 2), (2, 0), (4, 0), (3, 1), (6, 4))]


@dataclass
class Target:
    text: str
    node: CommentedMap  # ruamel round-trip data, edited in place
    data: dict[str, Any]  # the same as plain values, as compiler.loader reads them
    yaml: YAML  # a dumper with the file's own indentation
    source: SourceMap  # positions in the target, for collisions


def load_target(text: str, name: str) -> Target:
    loaded = load_text(text, name)
    if not loaded.ok:
        first = loaded.report.sorted()[0]
        raise Refusal(M_UNREADABLE, f"the target spec {name} does not load: {first.message}", span=first.span)
    loader = YAML(typ="rt", pure=True)
    loader.preserve_quotes = True  # keep the author's quoting; the dumper writes it back as it was
    node = loader.load(text)
    if not isinstance(node, CommentedMap):
        raise Refusal(M_UNREADABLE, f"the target spec {name} is not a mapping")
    return Target(text, node, loaded.data, _layout(text, node), loaded.source)


def _layout(text: str, node: CommentedMap) -> YAML:
    """The dumper whose output of the untouched document is the file itself (or closest to it)."""
    best: tuple[int, YAML] | None = None
    lines = text.splitlines()
    for mapping, sequence, offset in LAYOUTS:
        yaml = yaml_dumper(mapping, sequence, offset)
        out = dump(node, yaml)
        if out == text:
            return yaml
        score = sum(a != b for a, b in zip(lines, out.splitlines(), strict=False)) + abs(
            len(lines) - len(out.splitlines()))
        if best is None or score < best[0]:
            best = (score, yaml)
    assert best is not None
    return best[1]


def targets(data: dict[str, Any]) -> Targets:
    """What ARNs in an imported definition may already denote in the target spec."""
    out = Targets()
    for key, res in (data.get("resources") or {}).items():
        out.taken.add(key)
        if not isinstance(res, dict):
            continue
        existing = res.get("existing") or {}
        if res.get("type") == "function":
            for name in (existing.get("function_arn"), existing.get("function_name"), res.get("function_name")):
                if isinstance(name, str):
                    out.functions.setdefault(name, key)
            if not existing and not res.get("function_name"):
                out.functions.setdefault(key, key)
        elif res.get("type") == "state_machine":
            for name in (existing.get("state_machine_arn"), existing.get("state_machine_name")):
                if isinstance(name, str):
                    out.machines.setdefault(name, key)
    for key, machine in (data.get("state_machines") or {}).items():
        out.taken.add(key)
        name = machine.get("state_machine_name") if isinstance(machine, dict) else None
        out.machines.setdefault(name if isinstance(name, str) else key, key)
    for name, param in (data.get("parameters") or {}).items():
        out.parameters[name] = param.get("default") if isinstance(param, dict) else None
    return out


def check_machine_key(data: dict[str, Any], key: str) -> None:
    for section in ("state_machines", "resources"):
        if key in (data.get(section) or {}):
            raise Refusal(M_COLLISION, f"the target spec already has '{key}' in {section}", (section, key),
                          "choose another key for the imported machine with --name")


def add(node: CommentedMap, section: str, key: str, value: Any, before: str | None = None) -> None:
    """Append ``key: value`` to ``section``, creating the section (before ``before``) if needed."""
    if section not in node or node[section] is None:
        position = list(node).index(before) if before in node else len(node)
        node.insert(position, section, CommentedMap())
    node[section][key] = value


def plain_additions(data: dict[str, Any], additions: list[tuple[str, str, Any]]) -> dict[str, Any]:
    """The target's plain data with the additions, as the merged file must read back."""
    out = {k: (dict(v) if isinstance(v, dict) else v) for k, v in data.items()}
    for section, key, value in additions:
        if not isinstance(out.get(section), dict):
            out[section] = {}
        out[section][key] = value
    return out
