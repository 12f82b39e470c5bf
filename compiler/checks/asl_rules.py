"""Amazon States Language rules the models cannot express field by field.

Retry/Catch lists (E330, E331, W402), Wait (E333), Fail (E334), Map/Parallel structure (E335),
fields out of place for the state's query language or machine type (E336) and a task heartbeat
that is not below its timeout (E337). Choice rules (E332)
live in choice_rules.py. Every rule here is one AWS would reject at CreateStateMachine time (or,
for W402, one that silently never matches).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from compiler import diagnostics as codes
from compiler.asl import parse_timestamp
from compiler.checks import CheckContext
from compiler.checks.choice_rules import check_choice
from compiler.checks.walk import StateInfo, states
from compiler.diagnostics import Finding, did_you_mean
from compiler.model.states import ChoiceState, FailState, MapState, ParallelState, TaskState, WaitState
from compiler.source import Path

ALL = "States.ALL"
# Predefined error names (docs: "Handling errors in Step Functions workflows").
PREDEFINED_ERRORS = (
    "States.ALL", "States.BranchFailed", "States.DataLimitExceeded", "States.ExceedToleratedFailureThreshold",
    "States.HeartbeatTimeout", "States.Http.Socket", "States.IntrinsicFailure", "States.ItemReaderFailed",
    "States.NoChoiceMatched", "States.ParameterPathFailure", "States.Permissions", "States.QueryEvaluationError",
    "States.ResultPathMatchFailure", "States.ResultWriterFailed", "States.Runtime", "States.TaskFailed",
    "States.Timeout",
)
MAX_COUNT = 99_999_999
MAX_DELAY = 31_622_400  # MaxDelaySeconds must be below 31622401

# Fields of the JSONPath query language, and of JSONata; each is an error in the other language.
JSONPATH_ONLY = (
    "input_path", "output_path", "result_path", "result_selector", "parameters", "items_path",
    "seconds_path", "timestamp_path", "error_path", "cause_path", "timeout_seconds_path",
    "heartbeat_seconds_path", "max_concurrency_path", "tolerated_failure_percentage_path",
    "tolerated_failure_count_path",
)
JSONATA_ONLY = ("output", "arguments", "items")
DISTRIBUTED_ONLY = (
    "item_reader", "result_writer", "item_batcher", "tolerated_failure_percentage",
    "tolerated_failure_percentage_path", "tolerated_failure_count", "tolerated_failure_count_path", "label",
)
MAP_PAIRS = (
    ("max_concurrency", "max_concurrency_path"),
    ("tolerated_failure_percentage", "tolerated_failure_percentage_path"),
    ("tolerated_failure_count", "tolerated_failure_count_path"),
    ("item_selector", "parameters"),
)


def check(ctx: CheckContext) -> Iterator[Finding]:
    for info in states(ctx.spec):
        state = info.state
        machine = ctx.spec.state_machines[info.machine]
        yield from _language_fields(info)
        if isinstance(state, TaskState | ParallelState | MapState):
            yield from _retry(info, state)
            yield from _catch(info, state)
        if isinstance(state, TaskState) and machine.type == "express" and state.start_execution is not None \
                and state.integration in ("sync", "sync_string", "wait_for_task_token"):
            yield Finding(codes.E_TERMINAL_FIELD,
                          f"'integration: {state.integration}' is not available in an express machine",
                          (*info.path, "integration"),
                          "express workflows support request-response only: use 'fire_and_forget', "
                          "or make the machine 'type: standard'")
        if isinstance(state, TaskState):
            yield from _heartbeat(info, state)
        if isinstance(state, ChoiceState):
            yield from check_choice(info, state)
        elif isinstance(state, WaitState):
            yield from _wait(info, state)
        elif isinstance(state, FailState):
            yield from _fail(info, state)
        elif isinstance(state, MapState):
            yield from _map(info, state, machine.type)


# Retry and Catch --------------------------------------------------------------------------------


def _errors(errors: list[str], base: Path, last: bool, what: str) -> Iterator[Finding]:
    for j, name in enumerate(errors):
        if name == ALL and len(errors) > 1:
            yield Finding(codes.E_STATES_ALL, f"'States.ALL' must be the only error name in its {what}",
                          (*base, "errors", j), "move the other names to a retrier/catcher before this one")
        elif name == ALL and not last:
            yield Finding(codes.E_STATES_ALL, f"the {what} with 'States.ALL' must come last", (*base, "errors", j),
                          f"move this {what} to the end of the list; the ones after it can never match")
        elif name.startswith("States.") and name not in PREDEFINED_ERRORS:
            yield Finding(codes.W_UNKNOWN_ERROR_NAME, f"'{name}' is not a predefined error name", (*base, "errors", j),
                          did_you_mean(name, PREDEFINED_ERRORS) or "names starting with 'States.' are reserved "
                          "for Step Functions' own errors")


def _retry(info: StateInfo, state: TaskState | ParallelState | MapState) -> Iterator[Finding]:
    count = len(state.retry)
    for i, retrier in enumerate(state.retry):
        base = (*info.path, "retry", i)
        yield from _errors(retrier.errors, base, i == count - 1, "retrier")
        bounds: tuple[tuple[str, Any, float, float], ...] = (
            ("interval_seconds", retrier.interval_seconds, 1, MAX_COUNT),
            ("max_attempts", retrier.max_attempts, 0, MAX_COUNT),
            ("backoff_rate", retrier.backoff_rate, 1.0, float("inf")),
            ("max_delay_seconds", retrier.max_delay_seconds, 1, MAX_DELAY),
        )
        for field, value, low, high in bounds:
            if value is not None and not low <= value <= high:
                allowed = f"at least {low:g}" if high == float("inf") else f"{low:g} to {high:,.0f}"
                yield Finding(codes.E_RETRY_BOUNDS, f"'{field}' is {value}; AWS allows {allowed}", (*base, field),
                              _retry_hint(field))


def _retry_hint(field: str) -> str:
    return {
        "interval_seconds": "the first retry waits this many seconds; use 1 or more",
        "max_attempts": "0 means never retry; the default is 3",
        "backoff_rate": "each wait is multiplied by this; 1.0 keeps it constant, the default is 2.0",
        "max_delay_seconds": "the cap on one wait, in seconds; use 1 or more",
    }[field]


def _catch(info: StateInfo, state: TaskState | ParallelState | MapState) -> Iterator[Finding]:
    count = len(state.catch)
    for i, catcher in enumerate(state.catch):
        base = (*info.path, "catch", i)
        yield from _errors(catcher.errors, base, i == count - 1, "catcher")
        if info.jsonata and catcher.result_path is not None:
            yield _misplaced(base, "result_path", "JSONata", "use 'output' to shape what the catcher passes on")
        if not info.jsonata and catcher.given("output"):
            yield _misplaced(base, "output", "JSONPath", "use 'result_path' to place the error output")


# Task timeouts ---------------------------------------------------------------------------------


def _heartbeat(info: StateInfo, state: TaskState) -> Iterator[Finding]:
    """ASL: "If provided, the HeartbeatSeconds interval MUST be smaller than the TimeoutSeconds value".

    Only literal numbers are compared: a JSONata expression or a ``*_path`` is known at run time only.
    """
    heartbeat, timeout = state.heartbeat_seconds, state.timeout_seconds
    if not (isinstance(heartbeat, int) and isinstance(timeout, int)) or heartbeat < timeout:
        return
    yield Finding(codes.E_HEARTBEAT,
                  f"'heartbeat_seconds' ({heartbeat}) must be smaller than 'timeout_seconds' ({timeout})",
                  (*info.path, "heartbeat_seconds"),
                  "the heartbeat is the longest wait between two SendTaskHeartbeat calls and must fit inside the "
                  f"task's whole timeout: lower 'heartbeat_seconds' below {timeout}, or raise 'timeout_seconds' "
                  f"above {heartbeat}")


# Query language -------------------------------------------------------------------------------


def _misplaced(base: Path, field: str, language: str, hint: str) -> Finding:
    return Finding(codes.E_TERMINAL_FIELD, f"'{field}' is not available in {language} states", (*base, field), hint,
                   on_key=True)


def _language_fields(info: StateInfo) -> Iterator[Finding]:
    state = info.state
    if info.jsonata:
        for field in JSONPATH_ONLY:
            if state.given(field) and getattr(state, field) is not None:
                yield _misplaced(info.path, field, "JSONata",
                                 "JSONata states transform data with 'arguments', 'output' and '{% ... %}' "
                                 "expressions")
    else:
        for field in JSONATA_ONLY:
            if field == "arguments" and isinstance(state, TaskState) and state.resource is None:
                continue  # a Lambda/state-machine task takes payload/input: jsonata.py says so (J604)
            if state.given(field):
                yield _misplaced(info.path, field, "JSONPath",
                                 "set 'query_language: jsonata' on the state or machine, or use the JSONPath "
                                 "fields (parameters, items_path, result_selector, output_path)")


# Wait and Fail ----------------------------------------------------------------------------------


def _wait(info: StateInfo, state: WaitState) -> Iterator[Finding]:
    fields = ("seconds", "timestamp", "seconds_path", "timestamp_path")
    given = [f for f in fields if getattr(state, f) is not None]
    if len(given) != 1:
        which = "none of" if not given else " and ".join(f"'{f}'" for f in given) + " together, not one of"
        target = (*info.path, given[1]) if len(given) > 1 else info.path
        yield Finding(codes.E_WAIT_FIELDS, f"a wait state needs exactly one of its fields; it has {which} "
                      "seconds, timestamp, seconds_path, timestamp_path", target,
                      "keep one: 'seconds: 10', 'timestamp: 2030-01-01T00:00:00Z', 'seconds_path: $.wait' "
                      "or 'timestamp_path: $.until'", on_key=len(given) > 1)
        return
    seconds, timestamp = state.seconds, state.timestamp
    expression = info.jsonata and isinstance(seconds or timestamp, str) and str(seconds or timestamp).startswith("{%")
    if expression:
        return
    if isinstance(seconds, str):
        yield Finding(codes.E_WAIT_FIELDS, f"'seconds' must be a whole number, not the string '{seconds}'",
                      (*info.path, "seconds"), "write 'seconds: 10', or 'seconds_path: $.field' to read it from the input")
    elif isinstance(seconds, int) and not 0 <= seconds <= MAX_COUNT:
        yield Finding(codes.E_WAIT_FIELDS, f"'seconds' is {seconds}; AWS allows 0 to {MAX_COUNT:,}",
                      (*info.path, "seconds"), "wait at most 99999999 seconds (about three years)")
    if isinstance(timestamp, str) and parse_timestamp(timestamp) is None:
        yield Finding(codes.E_WAIT_FIELDS, f"'timestamp' is not an RFC 3339 timestamp: '{timestamp}'",
                      (*info.path, "timestamp"), "write e.g. '2030-01-01T00:00:00Z' (a 'T' and a time zone are needed); "
                      "quote it so YAML keeps it a string")


def _fail(info: StateInfo, state: FailState) -> Iterator[Finding]:
    for plain, path_field in (("error", "error_path"), ("cause", "cause_path")):
        if getattr(state, plain) is not None and getattr(state, path_field) is not None:
            yield Finding(codes.E_FAIL_FIELDS, f"'{plain}' and '{path_field}' exclude each other",
                          (*info.path, path_field), f"keep '{plain}' for a fixed text or '{path_field}' to read it "
                          "from the input", on_key=True)


# Map ------------------------------------------------------------------------------------------


def _map(info: StateInfo, state: MapState, machine_type: str) -> Iterator[Finding]:
    path = info.path
    if (state.item_processor is None) == (state.iterator is None):
        both = state.item_processor is not None
        yield Finding(codes.E_MAP_PARALLEL,
                      "a map state needs 'item_processor' or 'iterator', not both" if both
                      else "a map state needs an 'item_processor' with the states to run for each item",
                      (*path, "iterator") if both else path,
                      "'iterator' is the older name; write only 'item_processor'", on_key=both)
    if state.iterator is not None and state.iterator.processor_config is not None:
        yield Finding(codes.E_MAP_PARALLEL, "'processor_config' is only available under 'item_processor'",
                      (*path, "iterator", "processor_config"), "rename 'iterator' to 'item_processor'", on_key=True)
    config = state.item_processor.processor_config if state.item_processor is not None else None
    distributed = config is not None and config.mode == "distributed"
    if not distributed:
        for field in DISTRIBUTED_ONLY:
            if getattr(state, field) is not None:
                yield Finding(codes.E_MAP_PARALLEL, f"'{field}' is only available in a distributed map",
                              (*path, field), "set 'item_processor: {processor_config: {mode: distributed, "
                              "execution_type: standard}}', or remove it", on_key=True)
        if config is not None and config.execution_type is not None:
            yield Finding(codes.E_MAP_PARALLEL, "'execution_type' is only available in a distributed map",
                          (*path, "item_processor", "processor_config", "execution_type"),
                          "set 'mode: distributed', or remove it", on_key=True)
    else:
        if config is not None and config.execution_type is None:
            yield Finding(codes.E_MAP_PARALLEL, "a distributed map needs 'execution_type' (standard or express)",
                          (*path, "item_processor", "processor_config"), "add 'execution_type: standard'")
        if machine_type == "express":
            yield Finding(codes.E_MAP_PARALLEL, "a distributed map cannot run in an express machine",
                          (*path, "item_processor", "processor_config", "mode"),
                          "make the machine 'type: standard', or use 'mode: inline'")
    for one, other in MAP_PAIRS:
        if getattr(state, one) is not None and getattr(state, other) is not None:
            yield Finding(codes.E_MAP_PARALLEL, f"'{one}' and '{other}' exclude each other", (*path, other),
                          f"keep only '{one}'", on_key=True)
    batcher = state.item_batcher
    if batcher is not None:
        for field in ("max_items_per_batch", "max_input_bytes_per_batch"):
            if getattr(batcher, field) is not None and getattr(batcher, f"{field}_path") is not None:
                yield Finding(codes.E_MAP_PARALLEL, f"'{field}' and '{field}_path' exclude each other",
                              (*path, "item_batcher", f"{field}_path"), f"keep only '{field}'", on_key=True)
