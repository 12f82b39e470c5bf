"""ASL -> spec states: PascalCase keys become the models' snake_case fields, one state at a time.

The field tables are derived from the models (``pascal(field)`` is the ASL key, as in the emitter),
so a field added to a model is imported without touching this module. Values go through the
recogniser only where the emitter substitutes references too (``AslEmitter.value``); names,
transitions, ``Variable`` and comparison operands are copied as written. Anything without a
place in the spec is refused with the construct's name, never dropped.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from compiler.diagnostics import M_CONSTRUCT
from compiler.importer.errors import Refusal
from compiler.importer.recognize import Recognizer
from compiler.lower.asl import pascal
from compiler.model.states import (
    Catcher,
    ChoiceRule,
    ChoiceState,
    FailState,
    ItemBatcher,
    ItemReader,
    MapState,
    ParallelState,
    PassState,
    ResultWriter,
    Retrier,
    SucceedState,
    TaskState,
    WaitState,
)
from compiler.model.states.choice import OPERATORS
from compiler.source import Path

TYPES: dict[str, type[BaseModel]] = {
    "Task": TaskState, "Pass": PassState, "Choice": ChoiceState, "Wait": WaitState,
    "Succeed": SucceedState, "Fail": FailState, "Parallel": ParallelState, "Map": MapState,
}
# Fields with their own handling below, or that exist only in the spec (a task's ``invoke`` etc.).
SPECIAL = frozenset({
    "type", "comment", "query_language", "next", "end", "retry", "catch", "branches", "choices", "default",
    "item_processor", "iterator", "item_reader", "item_batcher", "result_writer", "states", "start_at",
    "processor_config", "errors", "and_", "or_", "not_", "variable", "invoke", "payload", "invoke_style",
    "retry_on_service_exceptions", "start_execution", "integration", "input", "execution_name",
    "associate_with_parent", "state_machine_name", "logging", "tracing", "role", "resource",
    "parameters", "arguments",
})
RAW_RULE_FIELDS = frozenset(OPERATORS)  # comparison operands are not substituted by the emitter
NESTED: dict[str, type[BaseModel]] = {
    "ItemReader": ItemReader, "ItemBatcher": ItemBatcher, "ResultWriter": ResultWriter,
}


def fields_of(model: type[BaseModel], extra: tuple[str, ...] = ()) -> dict[str, str]:
    """ASL key -> field name for the plain fields of ``model``."""
    names = [n for n in model.model_fields if n not in SPECIAL or n in extra]
    return {pascal(n): n for n in names}


def language_of(value: Any) -> Any:
    return {"JSONata": "jsonata", "JSONPath": "jsonpath"}.get(value, value) if isinstance(value, str) else value


def refuse_unknown(where: str, key: str, path: Path) -> Refusal:
    return Refusal(M_CONSTRUCT, f"{where}: field '{key}' has no place in the spec", (*path, key),
                   "the importer only writes what it can emit back exactly; remove the field or extend the model")


class StateConverter:
    def __init__(self, rec: Recognizer) -> None:
        self.rec = rec
        # Imported lazily: tasks.py needs this module's helpers.
        from compiler.importer.tasks import TaskConverter

        self.tasks = TaskConverter(self)

    # Machines and branches -------------------------------------------------------------------

    def machine(self, asl: Any, path: Path = ()) -> dict[str, Any]:
        if not isinstance(asl, dict):
            raise Refusal(M_CONSTRUCT, "the definition is not a JSON object", path)
        allowed = {"Comment", "QueryLanguage", "StartAt", "States", "TimeoutSeconds"}
        for key in asl:
            if key not in allowed:
                raise refuse_unknown("the state machine", key, path)
        out: dict[str, Any] = {}
        if "Comment" in asl:
            out["comment"] = asl["Comment"]  # the emitter writes the machine comment as is
        language = language_of(asl.get("QueryLanguage"))
        if "QueryLanguage" in asl:
            out["query_language"] = language
        self.scope(asl, out, path, language)
        if "TimeoutSeconds" in asl:
            out["timeout_seconds"] = asl["TimeoutSeconds"]
        return out

    def scope(self, asl: dict[str, Any], out: dict[str, Any], path: Path, language: Any) -> None:
        """StartAt and States of a machine, branch or item processor."""
        states = asl.get("States")
        if not isinstance(states, dict) or not states:
            raise Refusal(M_CONSTRUCT, "'States' must be a non-empty object", (*path, "States"))
        if "StartAt" not in asl:
            raise Refusal(M_CONSTRUCT, "'StartAt' is missing", path)
        if asl["StartAt"] != next(iter(states)):
            out["start_at"] = asl["StartAt"]  # else implicit: the first state written
        out["states"] = self.states(states, (*path, "States"), language)

    def branch(self, asl: Any, path: Path, language: Any, processor: bool) -> dict[str, Any]:
        if not isinstance(asl, dict):
            raise Refusal(M_CONSTRUCT, "a branch must be an object", path)
        allowed = {"Comment", "QueryLanguage", "StartAt", "States"} | ({"ProcessorConfig"} if processor else set())
        for key in asl:
            if key not in allowed:
                raise refuse_unknown("the branch" if not processor else "the item processor", key, path)
        out: dict[str, Any] = {}
        if "Comment" in asl:
            out["comment"] = self.rec.value(asl["Comment"], (*path, "Comment"))
        if "QueryLanguage" in asl:
            out["query_language"] = language_of(asl["QueryLanguage"])
            language = out["query_language"]
        if "ProcessorConfig" in asl:
            out["processor_config"] = self.processor_config(asl["ProcessorConfig"], (*path, "ProcessorConfig"))
        self.scope(asl, out, path, language)
        return out

    def processor_config(self, asl: Any, path: Path) -> dict[str, Any]:
        if not isinstance(asl, dict):
            raise Refusal(M_CONSTRUCT, "'ProcessorConfig' must be an object", path)
        out: dict[str, Any] = {}
        for key, value in asl.items():
            if key not in ("Mode", "ExecutionType"):
                raise refuse_unknown("ProcessorConfig", key, path)
            # The emitter writes these upper-case; other spellings are caught by the round trip.
            out[{"Mode": "mode", "ExecutionType": "execution_type"}[key]] = (
                value.lower() if isinstance(value, str) else value
            )
        return out

    # States ------------------------------------------------------------------------------------

    def states(self, states: dict[str, Any], path: Path, language: Any) -> dict[str, Any]:
        names = list(states)
        out: dict[str, Any] = {}
        for index, name in enumerate(names):
            following = names[index + 1] if index + 1 < len(names) else None
            out[name] = self.state(name, states[name], following, (*path, name), language)
        return out

    def state(self, name: str, asl: Any, following: str | None, path: Path, language: Any) -> dict[str, Any]:
        if not isinstance(asl, dict):
            raise Refusal(M_CONSTRUCT, f"state '{name}' is not an object", path,
                          "every entry of 'States' must be a state; is a field misplaced inside 'States'?")
        kind = asl.get("Type")
        if not isinstance(kind, str) or kind not in TYPES:
            raise Refusal(M_CONSTRUCT, f"state '{name}' has unknown Type {kind!r}", (*path, "Type"))
        if "QueryLanguage" in asl:
            language = language_of(asl["QueryLanguage"])
        if kind == "Task":
            return self.tasks.task(name, asl, following, path, language)
        out = self.head(asl, kind, path)
        model = TYPES[kind]
        table = fields_of(model, ("parameters", "arguments"))
        for key, value in asl.items():
            if key in ("Type", "Comment", "QueryLanguage", "Next", "End", "Retry", "Catch"):
                continue
            if kind == "Choice" and key in ("Choices", "Default"):
                continue
            if kind == "Parallel" and key == "Branches":
                out["branches"] = self.branches(value, (*path, key), language)
            elif kind == "Map" and key in ("ItemProcessor", "Iterator"):
                out[table_key(key)] = self.branch(value, (*path, key), language, processor=True)
            elif kind == "Map" and key in NESTED:
                out[table_key(key)] = self.nested(NESTED[key], value, (*path, key))
            elif key in table:
                out[table[key]] = self.rec.value(value, (*path, key))
            else:
                raise refuse_unknown(f"{kind} state '{name}'", key, path)
        if kind == "Choice":
            if "Choices" in asl:
                out["choices"] = self.rules(asl["Choices"], (*path, "Choices"), top=True)
            if "Default" in asl:
                out["default"] = asl["Default"]
        self.errors(asl, out, path, model)
        if "next" in model.model_fields:
            self.flow(name, asl, out, following, path)
        return out

    def head(self, asl: dict[str, Any], kind: str, path: Path) -> dict[str, Any]:
        out: dict[str, Any] = {"type": kind.lower()}
        if "Comment" in asl:
            out["comment"] = asl["Comment"]  # head() in the emitter writes it as is
        if "QueryLanguage" in asl:
            out["query_language"] = language_of(asl["QueryLanguage"])
        return out

    def flow(self, name: str, asl: dict[str, Any], out: dict[str, Any], following: str | None, path: Path) -> None:
        """Leave out ``next`` where it is the following state, and ``end: true`` on the last state."""
        if "Next" in asl and "End" in asl:
            raise Refusal(M_CONSTRUCT, f"state '{name}' has both 'Next' and 'End'", (*path, "End"))
        if "Next" in asl:
            if asl["Next"] != following or following is None:
                out["next"] = asl["Next"]
        elif "End" in asl:
            if not (asl["End"] is True and following is None):
                out["end"] = asl["End"]
        else:
            raise Refusal(M_CONSTRUCT, f"state '{name}' has neither 'Next' nor 'End'", path,
                          "the spec would make it go on to the following state; add 'Next' or 'End' to the input")

    def errors(self, asl: dict[str, Any], out: dict[str, Any], path: Path, model: type[BaseModel]) -> None:
        for key, item_model in (("Retry", Retrier), ("Catch", Catcher)):
            if key not in asl:
                continue
            if key.lower() not in model.model_fields:
                raise refuse_unknown(f"{asl.get('Type')} state", key, path)
            items = asl[key]
            if not isinstance(items, list):
                raise Refusal(M_CONSTRUCT, f"'{key}' must be a list", (*path, key))
            out[key.lower()] = [self.handler(item_model, item, (*path, key, i)) for i, item in enumerate(items)]

    def handler(self, model: type[BaseModel], asl: Any, path: Path) -> dict[str, Any]:
        """A retrier or catcher; only comments and the catcher's paths/outputs are substituted."""
        if not isinstance(asl, dict):
            raise Refusal(M_CONSTRUCT, "a retrier or catcher must be an object", path)
        table = fields_of(model, ("next", "comment"))
        out: dict[str, Any] = {}
        for key, value in asl.items():
            if key == "ErrorEquals":
                out["errors"] = value
            elif key in table:
                field = table[key]
                substituted = field in ("comment", "result_path", "output", "assign")
                out[field] = self.rec.value(value, (*path, key)) if substituted else value
            else:
                raise refuse_unknown("Retry" if model is Retrier else "Catch", key, path)
        return out

    def branches(self, value: Any, path: Path, language: Any) -> list[dict[str, Any]]:
        if not isinstance(value, list):
            raise Refusal(M_CONSTRUCT, "'Branches' must be a list", path)
        return [self.branch(b, (*path, i), language, processor=False) for i, b in enumerate(value)]

    def nested(self, model: type[BaseModel], value: Any, path: Path) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise Refusal(M_CONSTRUCT, f"'{path[-1]}' must be an object", path)
        table = {pascal(n): n for n in model.model_fields}
        out: dict[str, Any] = {}
        for key, item in value.items():
            if key not in table:
                raise refuse_unknown(str(path[-1]), key, path)
            out[table[key]] = self.rec.value(item, (*path, key))
        return out

    def rules(self, value: Any, path: Path, top: bool) -> list[dict[str, Any]]:
        if not isinstance(value, list):
            raise Refusal(M_CONSTRUCT, "'Choices', 'And' and 'Or' must be lists", path)
        return [self.rule(r, (*path, i), top) for i, r in enumerate(value)]

    def rule(self, asl: Any, path: Path, top: bool = False) -> dict[str, Any]:
        if not isinstance(asl, dict):
            raise Refusal(M_CONSTRUCT, "a choice rule must be an object", path)
        table = fields_of(ChoiceRule, ("next", "variable", "comment"))
        out: dict[str, Any] = {}
        for key, value in asl.items():
            if key in ("And", "Or"):
                out[key.lower()] = self.rules(value, (*path, key), top=False)
            elif key == "Not":
                out["not"] = self.rule(value, (*path, key))
            elif key in table and key != "QueryLanguage":
                field = table[key]
                raw = field in RAW_RULE_FIELDS or field in ("variable", "next")
                out[field] = value if raw else self.rec.value(value, (*path, key))
            else:
                raise refuse_unknown("choice rule", key, path)
        return out


def table_key(asl_key: str) -> str:
    return {"ItemProcessor": "item_processor", "Iterator": "iterator", "ItemReader": "item_reader",
            "ItemBatcher": "item_batcher", "ResultWriter": "result_writer"}[asl_key]
