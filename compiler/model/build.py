"""Validate loaded data against the models, turning pydantic errors into located findings."""

import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from compiler import diagnostics as codes
from compiler.diagnostics import Finding, describe_value, did_you_mean
from compiler.model.spec import Spec
from compiler.source import Path

_TYPE_WORDS = {
    "string": "a string", "int": "an integer", "float": "a number", "bool": "true or false",
    "dict": "a mapping", "list": "a sequence", "model": "a mapping", "none": "null",
}


def build_spec(data: Any) -> tuple[Spec | None, list[Finding]]:
    """The validated spec, or None and a finding per shape error (all of them, deduplicated)."""
    try:
        return Spec.model_validate(data), []
    except ValidationError as exc:
        return None, translate(exc, data)


def translate(exc: ValidationError, data: Any, root: type[BaseModel] = Spec) -> list[Finding]:
    """A finding per shape error; ``root`` is the model validated (for "did you mean" hints)."""
    by_path: dict[Path, Finding] = {}
    wants: dict[Path, list[str]] = {}
    inputs: dict[Path, Any] = {}
    for error in exc.errors(include_url=False):
        finding = _finding(error, data, root)
        if finding is None:
            continue
        if finding.code == codes.S_TYPE:
            want = _want(error["type"])
            if want not in wants.setdefault(finding.path, []):
                wants[finding.path].append(want)
            inputs[finding.path] = error.get("input")
        known = by_path.get(finding.path)
        # Union members each report a failure for the same value; keep the most specific one.
        if known is None or _rank(finding) < _rank(known):
            by_path[finding.path] = finding
    for path, finding in by_path.items():
        # A value no member of a union accepts: name every type the field takes (`int | str`:
        # "an integer or a string"), not just the first member's ("an integer").
        accepted = wants.get(path, [])
        if finding.code == codes.S_TYPE and len(accepted) > 1:
            if "a number" in accepted and "an integer" in accepted:
                accepted.remove("an integer")
            by_path[path] = Finding(codes.S_TYPE, _type_message(path, accepted, inputs[path]), finding.path, finding.hint)
    return list(by_path.values())


def _type_message(path: Path, accepted: list[str], value: Any) -> str:
    field = str(path[-1]) if path else "spec"
    return f"'{field}' must be {' or '.join(accepted)}, not {describe_value(value)}"


def _want(kind: str) -> str:
    return _TYPE_WORDS.get(kind.split("_")[0], kind.split("_")[0])


def _rank(finding: Finding) -> int:
    return {codes.S_UNKNOWN_KIND: 0, codes.S_UNKNOWN_FIELD: 1, codes.S_MISSING: 2, codes.S_EXCLUSIVE: 3}.get(
        finding.code, 5
    )


def data_path(loc: tuple[str | int, ...], data: Any, keep_missing: bool) -> Path:
    """The error location as a path in the document: drops union and discriminator labels."""
    path: list[str | int] = []
    current = data
    for i, seg in enumerate(loc):
        last = i == len(loc) - 1
        if _has(current, seg):
            path.append(seg)
            current = current[seg]
        elif last and keep_missing and isinstance(current, dict):
            path.append(seg)
        # Anything else is a label pydantic adds for a union member or a discriminator tag.
    return tuple(path)


def _finding(error: Any, data: Any, root: type[BaseModel]) -> Finding | None:
    kind: str = error["type"]
    loc = tuple(error["loc"])
    path = data_path(loc, data, keep_missing=kind == "missing")
    value = error.get("input")
    ctx = error.get("ctx") or {}
    field = str(path[-1]) if path else "spec"
    if kind == "missing":
        return Finding(codes.S_MISSING, f"missing required field '{field}'", path, on_key=False)
    if kind == "extra_forbidden":
        allowed = fields_at(path[:-1], data, root)
        hint = _other_state_field(field, path[:-1], data, allowed) or (did_you_mean(field, allowed) if allowed else None)
        return Finding(codes.S_UNKNOWN_FIELD, f"unknown field '{field}'", path, hint, on_key=True)
    if kind == "union_tag_invalid":
        expected = [t.strip().strip("'") for t in str(ctx.get("expected_tags", "")).split(",")]
        tag = ctx.get("tag")
        hint = did_you_mean(str(tag), expected) or f"one of: {', '.join(expected)}"
        return Finding(codes.S_UNKNOWN_KIND, f"unknown type '{tag}'", (*path, "type"), hint)
    if kind == "union_tag_not_found":
        return Finding(codes.S_MISSING, "missing required field 'type'", path, "say what this is, e.g. 'type: task'")
    if kind in ("exclusive_fields", "field_not_for_target"):
        return Finding(codes.S_EXCLUSIVE, error["msg"], path)
    if kind == "one_of_required":
        return Finding(codes.S_MISSING, error["msg"], path)
    if kind == "literal_error":
        expected_text = str(ctx.get("expected", ""))
        if path == ("version",):
            return Finding(codes.S_VERSION, f"unsupported spec version {value!r}", path, "this tool reads 'version: 1'")
        options = [o.strip().strip("'") for o in expected_text.replace(" or ", ",").split(",") if o.strip()]
        hint = did_you_mean(str(value), options) or f"expected {expected_text}"
        return Finding(codes.S_VALUE, f"'{field}' cannot be {value!r}", path, hint)
    if kind.endswith("_type") or kind.endswith("_parsing") or kind in ("model_attributes_type",):
        return Finding(codes.S_TYPE, _type_message(path, [_want(kind)], value), path)
    return Finding(codes.S_VALUE, f"'{field}': {error['msg'][0].lower()}{error['msg'][1:]}", path)


def _other_state_field(field: str, parent: Path, data: Any, allowed: list[str]) -> str | None:
    """For a field another state type takes (``result_path`` on a choice): which fields this type takes."""
    from compiler.model.states import State

    state = _value_at(parent, data)
    if not allowed or not isinstance(state, dict) or not isinstance(state.get("type"), str):
        return None
    others = {f.alias or name for model in _members(State) for name, f in model.model_fields.items()}
    if field not in others:
        return None
    return f"a {state['type']} state does not take '{field}'; its fields are: {', '.join(sorted(allowed))}"


def _value_at(path: Path, data: Any) -> Any:
    for seg in path:
        if not _has(data, seg):
            return None
        data = data[seg]
    return data


def fields_at(path: Path, data: Any, root: type[BaseModel] = Spec) -> list[str]:
    """Field names accepted by the model found at ``path`` (by walking the model types)."""
    annotation: Any = root
    current = data
    for seg in path:
        model = _pick_model(annotation, current)
        if model is not None:
            info = model.model_fields.get(str(seg)) or next(
                (f for f in model.model_fields.values() if f.alias == seg), None
            )
            if info is None:
                return []
            annotation = info.annotation
        else:
            annotation = _element_type(annotation)
            if annotation is None:
                return []
        current = current[seg] if _has(current, seg) else None
    model = _pick_model(annotation, current)
    if model is None:
        return []
    return [f.alias or name for name, f in model.model_fields.items()]


def _has(container: Any, seg: str | int) -> bool:
    if isinstance(container, dict):
        return isinstance(seg, str) and seg in container
    return isinstance(container, list) and isinstance(seg, int) and 0 <= seg < len(container)


def _members(annotation: Any) -> list[Any]:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _members(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [m for arg in typing.get_args(annotation) for m in _members(arg)]
    return [annotation]


def _pick_model(annotation: Any, value: Any) -> type[BaseModel] | None:
    models = [m for m in _members(annotation) if isinstance(m, type) and issubclass(m, BaseModel)]
    for model in models:
        # Schemas are built lazily; a nested model's field types are resolved only once it is built.
        if not model.__pydantic_complete__:
            model.model_rebuild()
    if len(models) == 1:
        return models[0]
    tag = value.get("type") if isinstance(value, dict) else None
    for model in models:
        field = model.model_fields.get("type")
        if field is not None and tag in typing.get_args(field.annotation):
            return model
    return None


def _element_type(annotation: Any) -> Any:
    for member in _members(annotation):
        origin = typing.get_origin(member)
        if origin in (dict, list):
            return typing.get_args(member)[-1]
    return None
