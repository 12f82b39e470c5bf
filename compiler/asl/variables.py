"""Workflow variables (``Assign``, ``$name``) with AWS's scoping, in both query languages.

The rules, from AWS's documentation and the recorded executions (shared/conformance/asl/variables):

* A machine's top-level states share one scope. Each Parallel branch and each Map iteration runs in
  a scope of its own: it reads the variables of the enclosing scopes, and what it assigns stays in it
  (``BASE_SCOPE_MAP``, ``BASE_SCOPE_PARALLEL``: the outer ``$x`` is unchanged afterwards). Use
  ``Output`` to hand data back out. (A distributed Map's iterations are child executions and see no
  outer variables at all: start them with ``VariableScope(None)``.)
* Every field of a state reads the variable values the state was entered with; ``Assign`` is
  evaluated against those same old values and all its results are applied together when the state
  exits (``BASE_EVALUATION_ORDER_PASS_STATE``: InputPath and OutputPath ``$answer`` see 42 while the
  state's own Assign sets ``answer``).
"""

from __future__ import annotations

import random
from collections.abc import ItemsView, Iterator, Mapping
from typing import Any

from compiler.asl.errors import RUNTIME, StatesError
from compiler.asl.jsonata import UNSET, JsonataBindings, evaluate_template
from compiler.asl.payload import evaluate_payload

__all__ = ["VariableScope", "evaluate_assign"]


class VariableScope(Mapping[str, Any]):
    """The variables of one execution, Parallel branch or Map iteration; reads fall back to ``parent``.

    A read-only Mapping of the visible variables, so paths and expressions can read the scope itself
    (no copy per state); ``assign`` is the only way to change it.
    """

    __slots__ = ("_values", "parent")

    def __init__(self, parent: VariableScope | None = None) -> None:
        self.parent = parent
        self._values: dict[str, Any] = {}

    def child(self) -> VariableScope:
        """The scope of a branch or iteration started from this one."""
        return VariableScope(self)

    def __contains__(self, name: object) -> bool:
        scope: VariableScope | None = self
        while scope is not None:
            if name in scope._values:
                return True
            scope = scope.parent
        return False

    def __getitem__(self, name: str) -> Any:
        """The visible value of ``name``; KeyError when no enclosing scope has assigned it."""
        scope: VariableScope | None = self
        while scope is not None:
            if name in scope._values:
                return scope._values[name]
            scope = scope.parent
        raise KeyError(name)

    def __len__(self) -> int:
        return len(self.visible())

    def items(self) -> ItemsView[str, Any]:
        # One pass over the chain instead of a lookup per name.
        return self.visible().items()

    def visible(self) -> dict[str, Any]:
        """Every visible variable, inner values hiding outer ones: what expressions and paths read."""
        chain: list[VariableScope] = []
        scope: VariableScope | None = self
        while scope is not None:
            chain.append(scope)
            scope = scope.parent
        out: dict[str, Any] = {}
        for level in reversed(chain):
            out.update(level._values)
        return out

    def own(self) -> dict[str, Any]:
        """The variables this scope assigned itself (for the history's ``assignedVariables``)."""
        return dict(self._values)

    def assign(self, values: Mapping[str, Any]) -> None:
        """Apply one state's evaluated Assign at once; the values stay in this scope."""
        self._values.update(values)

    def __iter__(self) -> Iterator[str]:
        return iter(self.visible())

    def __bool__(self) -> bool:
        scope: VariableScope | None = self
        while scope is not None:
            if scope._values:
                return True
            scope = scope.parent
        return False


def evaluate_assign(
    assign: Mapping[str, Any],
    *,
    jsonata: bool,
    variables: Mapping[str, Any],
    data: Any = None,
    context: Any = None,
    states_input: Any = None,
    states_result: Any = UNSET,
    states_error_output: Any = UNSET,
    rng: random.Random | None = None,
) -> dict[str, Any]:
    """Evaluate an ``Assign`` block against the OLD variable values; apply the result with ``assign``.

    JSONata: ``{% %}`` values see ``$states.input``, ``$states.result`` (Task/Parallel/Map),
    ``$states.errorOutput`` (Catch) and ``$states.context``. JSONPath: keys ending in ``.$`` take a
    path over ``data`` (the state's result; the error output in a Catch; the effective input in
    Choice/Wait), a context path ``$$...``, a variable ``$name...`` or an intrinsic call; the
    ``.$`` is dropped from the name.
    """
    if jsonata:
        bindings = JsonataBindings(
            states_input=states_input,
            states_result=states_result,
            states_error_output=states_error_output,
            states_context=context if context is not None else UNSET,
            variables=variables,
            rng=rng,
        )
        values = evaluate_template(dict(assign), bindings, field="Assign")
    else:
        values = evaluate_payload(dict(assign), data, context, variables, rng)
    if not isinstance(values, dict):  # cannot happen for a mapping template; keeps mypy and readers sure
        raise StatesError(RUNTIME, "Assign must be an object")
    return values
