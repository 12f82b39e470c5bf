"""Choice: the first matching rule's Next, else Default, else States.NoChoiceMatched.

A matching rule's Assign (and, in JSONata, its Output) applies; the state's
own Assign/Output apply only when the Default is taken (recorded:
assign_in_choice, output_in_choice). JSONPath rules may read workflow
variables (``"Variable": "$guess"``, ``"StringEqualsPath": "$answer"``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from compiler.asl.choice import COMPARISON_OPERATORS, evaluate_rule
from compiler.asl.errors import PathSyntaxError, StatesError
from compiler.asl.jsonpath import evaluate, may_be_variable, variable_path
from compiler.run import query
from compiler.run.errors import NO_CHOICE_MATCHED
from compiler.run.io import effective_input, pass_through
from compiler.run.runtime import Step


def run(step: Step) -> tuple[Any, str | None]:
    state = step.state
    data = effective_input(step)
    if step.jsonata:
        bound = query.bindings(step)
        rule = next((r for r in state["Choices"] if query.condition(step, r.get("Condition"), bound)), None)
    else:
        rule = _first_match(state["Choices"], data, step.context(), step.scope.variables)
    if rule is not None:
        step.branch = next(i for i, r in enumerate(state["Choices"]) if r is rule)
        return pass_through(step, data, rule), rule["Next"]
    default = state.get("Default")
    if default is None:
        raise StatesError(
            NO_CHOICE_MATCHED,
            f"No Choices rule of the state '{step.name}' matched the input and it has no Default.",
        )
    step.branch = "Default"
    return pass_through(step, data), default


def _first_match(
    rules: list[dict[str, Any]], data: Any, context: Any, variables: Mapping[str, Any]
) -> dict[str, Any] | None:
    for rule in rules:
        try:
            # A ``$name`` never parses as a JSONPath: rules without variables pay nothing extra.
            hit = evaluate_rule(rule, data, context)
        except PathSyntaxError:
            if not _reads_variables(rule):
                raise
            hit = _matches(rule, data, context, variables)
        if hit:
            return rule
    return None


def _matches(rule: dict[str, Any], data: Any, context: Any, variables: Mapping[str, Any]) -> bool:
    """A rule that reads variables somewhere; its parts without variables take the fast path."""
    if not _reads_variables(rule):
        return evaluate_rule(rule, data, context)
    if "And" in rule:
        return all(_matches(r, data, context, variables) for r in rule["And"])
    if "Or" in rule:
        return any(_matches(r, data, context, variables) for r in rule["Or"])
    if "Not" in rule:
        return not _matches(rule["Not"], data, context, variables)
    # A comparison reading a variable: resolve both sides here, then let the
    # language core compare the values (same type rules as for input paths).
    op = next(key for key in rule if key in COMPARISON_OPERATORS)
    operand = rule[op]
    values: dict[str, Any] = {}
    try:
        values["v"] = evaluate(rule["Variable"], data, context, variables)
    except StatesError:  # a missing member (PathNotFoundError) or an unassigned variable
        if op != "IsPresent":
            raise
    if op.endswith("Path"):
        values["o"] = evaluate(operand, data, context, variables)
        operand = "$.o"
    return evaluate_rule({"Variable": "$.v", op: operand}, values)


def _reads_variables(rule: Mapping[str, Any]) -> bool:
    for key in ("And", "Or"):
        if key in rule:
            return any(_reads_variables(r) for r in rule[key])
    if "Not" in rule:
        return _reads_variables(rule["Not"])
    if _is_variable(rule.get("Variable")):
        return True
    return any(key.endswith("Path") and _is_variable(value) for key, value in rule.items())


def _is_variable(text: Any) -> bool:
    return isinstance(text, str) and may_be_variable(text) and variable_path(text) is not None
