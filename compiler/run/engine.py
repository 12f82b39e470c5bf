"""The execution loop: enter a state, run it, catch, exit, follow Next."""

from __future__ import annotations

from typing import Any

from compiler.asl.errors import PathSyntaxError, StatesError
from compiler.run.catch import catch
from compiler.run.errors import RUNTIME, ExecutionTimedOut, cause_of, error_of, located
from compiler.run.limits import check_result_size
from compiler.run.program import Program
from compiler.run.runtime import NOT_TRUNCATED, Scope, StateRecord, Step
from compiler.run.states import HANDLERS

_ENTERED = {kind: f"{kind}StateEntered" for kind in HANDLERS}
_EXITED = {kind: f"{kind}StateExited" for kind in HANDLERS}


def run_block(program: Program, data: Any, scope: Scope) -> Any:
    """Run states from StartAt to an end; return the last output or raise StatesError."""
    name = program.start_at
    states = program.states
    guard = scope.runtime.guard
    lane = scope.lane
    records = scope.records
    nested = scope.nested
    deadline = scope.deadline
    while True:
        if deadline is not None and lane.clock.now() > deadline:
            raise ExecutionTimedOut(f"The execution ran longer than its TimeoutSeconds before the state '{name}'.")
        state = states[name]
        kind = state["Type"]
        guard.enter(name)
        entered_id = lane.add(_ENTERED[kind], {"name": name, "input": data, "inputDetails": NOT_TRUNCATED})
        record = StateRecord(name, kind, data, nested)
        records.append(record)
        step = Step(name, state, scope, entered_id, data, program)
        try:
            try:
                output, following = HANDLERS[kind](step)
            except (PathSyntaxError, TypeError, ValueError, KeyError) as exc:
                # A value in the definition the state cannot use (the validator reports these statically).
                raise StatesError(RUNTIME, f"The state's definition cannot be used: {exc}") from None
            check_result_size(name, output)
        except StatesError as raw:
            err = located(raw, name, entered_id)
            # Recorded even when caught: the console shows the error a state raised.
            record.error, record.cause = error_of(err), cause_of(err)
            try:
                caught = catch(step, err)
            except StatesError as failed:  # the catcher's own Output/Assign failed
                raise located(failed, name, entered_id) from None
            if caught is None:
                record.retried = step.retried
                raise err from None
            output, following = caught
        # (A Fail state never gets here: it always raises.)
        details: dict[str, Any] = {"name": name, "output": output, "outputDetails": NOT_TRUNCATED}
        assigned = step.assigned
        if assigned is not None:
            # All of the state's Assign takes effect at once, when it exits.
            scope.variables.assign(assigned)
            record.assigned_variables = assigned
            details["assignedVariables"] = assigned
            details["assignedVariablesDetails"] = NOT_TRUNCATED
        lane.add(_EXITED[kind], details)
        record.exited = True
        record.exited_output = output
        record.next_state = following
        record.branch, record.retried, record.caught_by = step.branch, step.retried, step.caught_by
        record.result, record.has_result = step.result, step.has_result
        if following is None:
            return output
        name = following
        data = output
