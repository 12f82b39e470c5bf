"""Choice rules well-formed (E332), used by asl_rules.

JSONPath: a top-level rule has ``next`` and exactly one of: one comparison operator together with
``variable``, ``and``, ``or``, ``not``. Nested rules (inside and/or/not) have the same shape but
no ``next``, ``assign`` or ``output``; ``and``/``or`` hold at least one rule. Timestamp operators
take RFC 3339 timestamps. JSONata: a top-level rule is ``condition`` plus ``next``.
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler import diagnostics as codes
from compiler.asl import parse_timestamp
from compiler.checks.walk import StateInfo
from compiler.diagnostics import Finding
from compiler.model.states import ChoiceRule, ChoiceState
from compiler.model.states.choice import TIMESTAMP_OPS
from compiler.source import Path

_EXAMPLE = "e.g. '{variable: $.status, string_equals: done, next: Finish}'"


def check_choice(info: StateInfo, state: ChoiceState) -> Iterator[Finding]:
    for i, rule in enumerate(state.choices):
        path = (*info.path, "choices", i)
        if info.jsonata:
            yield from _jsonata_rule(rule, path)
        else:
            yield from _rule(rule, path, top=True)


def _jsonata_rule(rule: ChoiceRule, path: Path) -> Iterator[Finding]:
    extra = [op for op in ("variable", "and", "or", "not") if _has(rule, op)] + rule.operators()
    for field in extra:
        yield Finding(codes.E_CHOICE_RULE, f"'{field}' is a JSONPath rule field; JSONata rules use 'condition'",
                      (*path, field), "write 'condition: \"{% $states.input.status = 'done' %}\"'", on_key=True)
    if rule.condition is None:
        yield Finding(codes.E_CHOICE_RULE, "a JSONata choice rule needs a 'condition'", path,
                      "add 'condition: \"{% ... %}\"'")
    if rule.next is None:
        yield Finding(codes.E_CHOICE_RULE, "a choice rule needs 'next'", path, "add 'next: <state name>'")


def _has(rule: ChoiceRule, field: str) -> bool:
    return getattr(rule, {"and": "and_", "or": "or_", "not": "not_"}.get(field, field)) is not None


def _rule(rule: ChoiceRule, path: Path, top: bool) -> Iterator[Finding]:
    if top and rule.next is None:
        yield Finding(codes.E_CHOICE_RULE, "a choice rule needs 'next'", path, "add 'next: <state name>'")
    if not top:
        for field in ("next", "assign", "output"):
            if rule.given(field) and getattr(rule, field) is not None:
                yield Finding(codes.E_CHOICE_RULE, f"'{field}' is only allowed on a top-level choice rule",
                              (*path, field), "only the outermost rule of a choice decides where to go; remove it",
                              on_key=True)
    if rule.condition is not None:
        yield Finding(codes.E_CHOICE_RULE, "'condition' is a JSONata rule field", (*path, "condition"),
                      "set 'query_language: jsonata' on the state, or use 'variable' with an operator", on_key=True)
    operators = rule.operators()
    kinds = [op for op in ("and", "or", "not") if _has(rule, op)] + (["comparison"] if operators else [])
    if not kinds and rule.condition is None:  # a stray condition is reported above, once
        yield Finding(codes.E_CHOICE_RULE, "the rule tests nothing: it needs one comparison operator with "
                      "'variable', or 'and', 'or', 'not'", path, _EXAMPLE)
    elif len(kinds) > 1:
        named = ", ".join(f"'{k}'" if k != "comparison" else f"'{operators[0]}'" for k in kinds)
        yield Finding(codes.E_CHOICE_RULE, f"the rule combines {named}; a rule is exactly one of them", path,
                      "nest them: 'and: [{...}, {...}]'")
    if len(operators) > 1:
        yield Finding(codes.E_CHOICE_RULE,
                      f"the rule has {len(operators)} comparison operators ({', '.join(operators)}); it takes one",
                      (*path, operators[1]), "combine several comparisons with 'and' or 'or'", on_key=True)
    if operators and rule.variable is None:
        yield Finding(codes.E_CHOICE_RULE, f"'{operators[0]}' compares 'variable', which is missing", path,
                      "add 'variable: $.field'")
    if not operators and rule.variable is not None:
        yield Finding(codes.E_CHOICE_RULE, "'variable' without a comparison operator", (*path, "variable"),
                      "add one, e.g. 'string_equals: done' or 'is_present: true'", on_key=True)
    for op in operators:
        value = getattr(rule, op)
        if op in TIMESTAMP_OPS and isinstance(value, str) and parse_timestamp(value) is None:
            yield Finding(codes.E_CHOICE_RULE, f"'{op}' needs an RFC 3339 timestamp, not '{value}'", (*path, op),
                          "write e.g. '2030-01-01T00:00:00Z' (a 'T' and a time zone are needed)")
    for key, items in (("and", rule.and_), ("or", rule.or_)):
        if items is None:
            continue
        if not items:
            yield Finding(codes.E_CHOICE_RULE, f"'{key}' holds no rules", (*path, key), f"give '{key}' at least one rule")
        for j, sub in enumerate(items):
            yield from _rule(sub, (*path, key, j), top=False)
    if rule.not_ is not None:
        yield from _rule(rule.not_, (*path, "not"), top=False)
