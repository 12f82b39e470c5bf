"""The pydantic models seen from a document path: which model a mapping is, its fields, their types."""

from __future__ import annotations

import sys
import types as pytypes
from typing import Annotated, Any, ForwardRef, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from compiler.model.spec import Spec
from compiler.source import Path


def members(tp: Any) -> list[Any]:
    """The alternatives of a type: ``Annotated`` unwrapped, unions flattened, ``None`` dropped."""
    origin = get_origin(tp)
    if origin is Annotated:
        return members(get_args(tp)[0])
    if origin in (Union, pytypes.UnionType):
        return [m for arg in get_args(tp) for m in members(arg)]
    if tp is type(None):
        return []
    return [tp]


def is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def fields(model: type[BaseModel]) -> dict[str, FieldInfo]:
    """Fields by the name written in the spec (the alias when there is one: ``and``, ``or``, ``not``)."""
    return {info.alias or name: info for name, info in model.model_fields.items()}


def step(tp: Any, segment: str | int) -> Any:
    for member in members(tp):
        origin = get_origin(member)
        if isinstance(segment, int) and origin is list:
            return get_args(member)[0]
        if isinstance(segment, str) and origin is dict:
            return get_args(member)[1]
        if is_model(member) and isinstance(segment, str) and segment in fields(member):
            return annotation(member, fields(member)[segment])
    return None


def annotation(model: type[BaseModel], info: FieldInfo) -> Any:
    """A field's type; a forward reference (``dict[str, State]`` in branches) resolved in its module."""
    tp = info.annotation
    if isinstance(tp, ForwardRef | str):
        text = tp.__forward_arg__ if isinstance(tp, ForwardRef) else tp
        try:
            return eval(text, dict(vars(sys.modules[model.__module__])))  # the models' own annotation text
        except Exception:
            return None
    return tp


def annotation_at(path: Path) -> Any:
    """The type the spec expects at ``path`` (None when the path leaves the models)."""
    tp: Any = Spec
    for segment in path:
        tp = step(tp, segment)
        if tp is None:
            return None
    return tp


def models_at(path: Path, type_value: str | None = None) -> list[type[BaseModel]]:
    """The models a mapping at ``path`` may be; a ``type:`` already written picks one."""
    found = [m for m in members(annotation_at(path)) if is_model(m)]
    if len(found) > 1 and type_value:
        chosen = [m for m in found if type_value in literal_values(fields(m).get("type"))]
        return chosen or found
    return found


def literal_values(info: FieldInfo | None) -> list[str]:
    if info is None:
        return []
    return [str(v) for m in members(info.annotation) if get_origin(m) is Literal for v in get_args(m)]


def describe(tp: Any) -> str:
    """A short reading of a type: ``str``, ``'standard' | 'express'``, ``list[Catcher]``."""
    parts: list[str] = []
    for member in members(tp):
        origin = get_origin(member)
        if origin is Literal:
            parts.extend(repr(v) for v in get_args(member))
        elif origin in (list, dict):
            parts.append(f"{origin.__name__}[{', '.join(describe(a) for a in get_args(member))}]")
        elif isinstance(member, type):
            parts.append(member.__name__)
        else:
            parts.append("any")
    return " | ".join(dict.fromkeys(parts)) or "any"
