"""Errors of the ASL language core.

Two families, kept apart on purpose:

* ``StatesError`` is a *runtime* failure with an AWS error name, exactly what
  an execution would report (``States.Runtime``, ...). The interpreter turns
  it into a failed state; Catchers match on ``error``.
* ``PathSyntaxError`` is a *static* problem in the text of a path or an
  intrinsic call. The validator reports it with a source span (``offset``);
  AWS would reject such a definition at CreateStateMachine time.
"""

from __future__ import annotations

# AWS error names used by this package. The corpus (shared/conformance/asl)
# shows ``States.Runtime`` for every path that cannot be resolved (InputPath,
# OutputPath, Parameters, Choice Variable, ErrorPath/CausePath).
RUNTIME = "States.Runtime"
RESULT_PATH_MATCH_FAILURE = "States.ResultPathMatchFailure"
NO_CHOICE_MATCHED = "States.NoChoiceMatched"
# Named by the ASL spec for failing intrinsics. AWS itself reports intrinsic
# argument errors inside Parameters as States.Runtime (a Parameters failure is
# never catchable), so evaluate_intrinsic raises RUNTIME; the name is kept here
# for callers that want to document or match it.
INTRINSIC_FAILURE = "States.IntrinsicFailure"


class StatesError(Exception):
    """A runtime error as Step Functions reports it: an error name and a cause."""

    def __init__(self, error: str, cause: str) -> None:
        super().__init__(f"{error}: {cause}")
        self.error = error
        self.cause = cause

    def __repr__(self) -> str:
        return f"StatesError({self.error!r}, {self.cause!r})"


def state_cause(state_name: str, event_id: int, cause: str) -> str:
    return (
        f"An error occurred while executing the state '{state_name}' "
        f"(entered at the event id #{event_id}). {cause}"
    )


class PathNotFoundError(StatesError):
    """A definite path matched nothing (Jayway's PathNotFoundException).

    ``detail`` is Jayway's own message (e.g. ``No results for path:
    $['a']``); ``cause`` is the InputPath/OutputPath wording AWS uses. Payload
    templates re-word it with the field name, so both are kept.
    """

    def __init__(self, path: str, detail: str) -> None:
        super().__init__(RUNTIME, f"Invalid path '{path}' : {detail}")
        self.path = path
        self.detail = detail


class PathSyntaxError(ValueError):
    """A path or intrinsic call that does not parse.

    ``offset`` is the 0-based character offset in ``text`` where the problem
    was detected (best effort: usually the offending character).
    """

    def __init__(self, message: str, offset: int = 0, text: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.text = text

    def __str__(self) -> str:
        if self.text:
            return f"{self.message} (at offset {self.offset} in {self.text!r})"
        return self.message
