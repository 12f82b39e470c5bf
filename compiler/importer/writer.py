"""Writing the imported spec as YAML, with comments that say where things came from.

The text is produced with ruamel's round-trip dumper (the same one ``--into`` uses, so a merged file
and a new file look alike) and then read back with ``compiler.loader``, the reader ``validate`` uses:
the data must come back unchanged, or the import is refused (a string that YAML would read as a
number, say, must have been quoted).
"""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from compiler.diagnostics import M_ROUND_TRIP
from compiler.importer.compare import first_difference
from compiler.importer.convert import Imported
from compiler.importer.errors import Refusal
from compiler.loader import load_text
from compiler.lower.asl import pascal

SCHEMA_LINE = "yaml-language-server: $schema=schema/workflow.schema.json"


def yaml_dumper(indent: int = 2, seq_indent: int = 4, offset: int = 2) -> YAML:
    yaml = YAML(typ="rt", pure=True)
    yaml.indent(mapping=indent, sequence=seq_indent, offset=offset)
    yaml.width = 4096  # never fold long JSONPath or ARN strings
    yaml.allow_unicode = True
    yaml.preserve_quotes = True
    return yaml


def commented(value: Any) -> Any:
    """Plain JSON-like values as ruamel round-trip nodes, so comments can be attached anywhere."""
    if isinstance(value, dict):
        out = CommentedMap()
        for key, item in value.items():
            out[key] = commented(item)
        return out
    if isinstance(value, list):
        return CommentedSeq(commented(item) for item in value)
    return value


def dump(data: Any, yaml: YAML | None = None) -> str:
    stream = io.StringIO()
    (yaml or yaml_dumper()).dump(data, stream)
    return stream.getvalue()


def plain(value: Any) -> Any:
    """ruamel round-trip nodes back to plain values (merge keys resolved, as the loader does)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return value


def check_reads_back(text: str, expected: Any, name: str) -> None:
    loaded = load_text(text, name)
    if not loaded.ok:
        message = loaded.report.sorted()[0].message if loaded.report.diagnostics else "unreadable"
        raise Refusal(M_ROUND_TRIP, f"the written YAML does not read back: {message}")
    path = first_difference(expected, loaded.data)
    if path is not None:
        raise Refusal(M_ROUND_TRIP, f"the written YAML reads back differently at {path!r}",
                      hint="this is a bug in the importer's YAML writer; please report it")


def machine_node(imported: Imported, definition: Any, origin: str) -> CommentedMap:
    node = commented(imported.machine)
    node.yaml_set_start_comment(f"Imported from {origin}.", indent=4)
    _annotate_states(node.get("states"), definition.get("States", {}) if isinstance(definition, dict) else {})
    return node


def _annotate_states(states: Any, asl: dict[str, Any]) -> None:
    """A comment on each task whose form was mapped, naming the ASL it stands for."""
    if not isinstance(states, CommentedMap):
        return
    for name, state in states.items():
        original = asl.get(name)
        if not isinstance(state, CommentedMap) or not isinstance(original, dict):
            continue
        resource = original.get("Resource")
        if "invoke" in state:
            how = "FunctionName + Payload" if state.get("invoke_style") == "lambda_invoke" else "function ARN"
            state.yaml_add_eol_comment(f"Resource {resource} ({how})", "invoke")
        elif "start_execution" in state:
            state.yaml_add_eol_comment(f"Resource {resource}", "start_execution")
        for index, branch in enumerate(state.get("branches") or []):
            branches = original.get("Branches") or []
            if index < len(branches) and isinstance(branches[index], dict):
                _annotate_states(branch.get("states"), branches[index].get("States") or {})
        for field in ("item_processor", "iterator"):
            if field in state and isinstance(original.get(pascal(field)), dict):
                _annotate_states(state[field].get("states"), original[pascal(field)].get("States") or {})


def resource_nodes(imported: Imported) -> tuple[CommentedMap, CommentedMap]:
    """The parameters and resources sections, each entry with a comment on where it came from."""
    params = CommentedMap()
    for name, body in imported.parameters.items():
        params[name] = commented(body)
    resources = CommentedMap()
    for key, body in imported.resources.items():
        resources[key] = commented(body)
        resources.yaml_add_eol_comment(imported.comments.get(key, "imported"), key)
    return params, resources


def new_spec(imported: Imported, definition: Any, origin: str) -> CommentedMap:
    params, resources = resource_nodes(imported)
    spec = CommentedMap()
    spec["version"] = 1
    if params:
        spec["parameters"] = params
    if resources:
        spec["resources"] = resources
    spec["state_machines"] = CommentedMap({imported.key: machine_node(imported, definition, origin)})
    lines = [SCHEMA_LINE, "", f"Imported by `compiler import` from {origin}.", summary(imported)]
    if resources:
        lines.append("ARNs written in the definition became resources with 'existing'; check them before deploying.")
    spec.yaml_set_start_comment("\n".join(lines))
    return spec


def summary(imported: Imported) -> str:
    counts = imported.mapped
    parts = [f"{counts.get('invoke', 0)} Lambda task(s) -> 'invoke'",
             f"{counts.get('start_execution', 0)} startExecution task(s) -> 'start_execution'",
             f"{counts.get('resource', 0)} other task(s) kept as 'resource' with their Parameters as written"]
    return "Mapped: " + "; ".join(parts) + "."
