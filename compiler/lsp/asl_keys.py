"""Field names for completion in ASL files (``*.asl.json``, ``*.asl.yaml``): the keys the object
under the cursor takes, read from where it sits (the definition, a state of some ``Type``, a
branch, a retrier, a catcher, a Choice rule, a Map's reader/batcher/writer).

They are exactly the keys ``compiler validate`` reads in an ASL file: the importer's tables (each
state type's model fields in PascalCase, plus the keys it handles itself), so completion never
offers a key that validation would then refuse.
"""

from __future__ import annotations

from typing import Any

from compiler.importer.states import NESTED, TYPES, fields_of
from compiler.importer.tasks import GENERIC, HANDLED
from compiler.lower.asl import pascal
from compiler.model.states import Catcher, Retrier
from compiler.model.states.choice import ChoiceRule
from compiler.source import Path

DEFINITION = ("Comment", "StartAt", "States", "TimeoutSeconds", "Version", "QueryLanguage")
BRANCH = ("Comment", "StartAt", "States", "QueryLanguage")
_HEAD = ("Type", "Comment", "QueryLanguage")
_OWN = {  # keys the importer handles itself, per state type
    "Choice": ("Choices", "Default"),
    "Parallel": ("Branches",),
    "Map": ("ItemProcessor", "Iterator", *NESTED),
}


def state_keys(kind: str | None) -> list[str]:
    """The keys of a state of type ``kind`` (only ``Type`` and the common ones while it has none)."""
    model = TYPES.get(kind or "")
    if model is None:
        return list(_HEAD)
    if kind == "Task":
        return _unique([*_HEAD, *sorted(GENERIC), *sorted(HANDLED)])
    keys = [*_HEAD, *sorted(fields_of(model, ("parameters", "arguments"))), *_OWN.get(kind or "", ())]
    if "next" in model.model_fields:
        keys += ["Next", "End"]
    keys += [k for k in ("Retry", "Catch") if k.lower() in model.model_fields]
    return _unique(keys)


def keys_at(path: Path, data: Any, kind: str | None = None) -> list[str]:
    """The keys the object at ``path`` of the ASL document ``data`` takes. ``kind`` is a state's
    ``Type`` as written in the text; without it, it is read from ``data`` (the last readable
    version, which may be older than the text)."""
    if not path:
        return list(DEFINITION)
    last, parent = path[-1], path[-2] if len(path) > 1 else None
    if parent == "States" and isinstance(last, str):
        written = kind or _get(data, path, "Type")
        return state_keys(written if isinstance(written, str) else None)
    if parent == "Branches" and isinstance(last, int):
        return list(BRANCH)
    if last == "ItemProcessor":
        return [*BRANCH, "ProcessorConfig"]
    if last == "Iterator":
        return list(BRANCH)
    if isinstance(last, str) and last in NESTED:
        return sorted(pascal(name) for name in NESTED[last].model_fields)
    if parent in ("Retry", "Catch") and isinstance(last, int):
        model = Retrier if parent == "Retry" else Catcher
        return ["ErrorEquals", *sorted(fields_of(model, ("next", "comment")))]
    if (isinstance(last, int) and parent in ("Choices", "And", "Or")) or last == "Not":
        rule = set(fields_of(ChoiceRule, ("next", "variable", "comment"))) - {"QueryLanguage"}
        return sorted(rule | {"And", "Or", "Not"})
    return []


def _get(data: Any, path: Path, key: str) -> Any:
    for part in path:
        if isinstance(data, dict) and isinstance(part, str):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data.get(key) if isinstance(data, dict) else None


def _unique(keys: list[str]) -> list[str]:
    return list(dict.fromkeys(keys))


def json_key_at(text: str, offset: int) -> tuple[Path, str | None, bool, dict[str, str]] | None:
    """Where a key is being typed in JSON text (often unfinished while typing): the path of the
    object, the key's text typed so far (None: no opening quote yet), whether the key's closing
    quote is already there, and the object's keys with string values written before the cursor
    (its ``Type``). None when the cursor is not where a key goes."""
    frames: list[_JsonFrame] = []
    i, end = 0, min(offset, len(text))
    while i < end:
        c = text[i]
        if c == '"':
            j, chars = i + 1, []
            while j < end and text[j] != '"':
                if text[j] == "\\" and j + 1 < end:
                    j += 1
                chars.append(text[j])
                j += 1
            top = frames[-1] if frames else None
            if j >= end:  # the cursor is inside this string
                if top is not None and top.is_object and top.expect_key:
                    closed = text[offset:offset + 1] == '"'
                    return top.path, "".join(chars), closed, top.seen
                return None
            if top is not None and top.is_object:
                if top.expect_key:
                    top.key, top.expect_key = "".join(chars), False
                elif isinstance(top.key, str):
                    top.seen[top.key] = "".join(chars)
            i = j + 1
            continue
        if c in "{[":
            path: Path = ()
            if frames:
                parent = frames[-1].key
                path = (*frames[-1].path, parent) if parent is not None else frames[-1].path
            frames.append(_JsonFrame(c == "{", path))
        elif c in "}]" and frames:
            frames.pop()
        elif c == "," and frames:
            top = frames[-1]
            if top.is_object:
                top.expect_key, top.key = True, None
            else:
                top.key = top.key + 1 if isinstance(top.key, int) else 0
        i += 1
    if frames and frames[-1].is_object and frames[-1].expect_key:
        return frames[-1].path, None, False, frames[-1].seen
    return None


class _JsonFrame:
    """An open object or array of the JSON text before the cursor."""

    def __init__(self, is_object: bool, path: Path) -> None:
        self.is_object = is_object
        self.path = path
        self.expect_key = is_object
        self.key: str | int | None = None if is_object else 0  # an object's pending key, an array's index
        self.seen: dict[str, str] = {}
