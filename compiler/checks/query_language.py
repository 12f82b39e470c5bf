"""Mixing the two query languages as AWS allows: JSONata states in a JSONPath machine, never the reverse.

CDK's ``QueryLanguage`` docs: "If JSONata is specified at the top level, JSONPath cannot be used in
the state machine definition"; cfn-lint refuses such a definition (E3601) and so does
CreateStateMachine. A JSONPath machine may hold JSONata states (and blocks), each saying so.
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler import diagnostics as codes
from compiler.checks import CheckContext
from compiler.checks.walk import scopes, states_in
from compiler.diagnostics import Finding
from compiler.model.states import MapState, ParallelState


def check(ctx: CheckContext) -> Iterator[Finding]:
    for scope in scopes(ctx.spec):
        if ctx.spec.state_machines[scope.machine].query_language != "jsonata":
            continue
        hint = "drop 'query_language: jsonpath' and write the state in JSONata, or make the machine JSONPath " \
               "(its JSONata states then each say 'query_language: jsonata')"
        for info in states_in(scope):
            if info.state.query_language == "jsonpath":
                yield Finding(codes.E_JSONPATH_IN_JSONATA,
                              f"state '{info.name}' is JSONPath in machine '{scope.machine}', whose query_language "
                              "is jsonata: AWS allows no JSONPath state in a JSONata machine",
                              (*info.path, "query_language"), hint)
            blocks: list[tuple[str | int, ...]] = []
            if isinstance(info.state, ParallelState):
                blocks = [("branches", i) for i, b in enumerate(info.state.branches) if b.query_language == "jsonpath"]
            elif isinstance(info.state, MapState):
                blocks = [(f,) for f in ("item_processor", "iterator")
                          if getattr(getattr(info.state, f), "query_language", None) == "jsonpath"]
            for block in blocks:
                yield Finding(codes.E_JSONPATH_IN_JSONATA,
                              f"a block of state '{info.name}' is JSONPath in machine '{scope.machine}', whose "
                              "query_language is jsonata: AWS allows no JSONPath state in a JSONata machine",
                              (*info.path, *block, "query_language"), hint)
