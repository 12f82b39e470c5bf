"""Render state machines as Amazon States Language: one ``render_<type>`` per state type.

The output is deterministic (fixed key order, no timestamps) and contains ``${name}`` placeholders
for resource ARNs, filled at deploy time by ``DefinitionSubstitutions``. This JSON is what the stack
deploys, what ``compiler run`` executes and what ``compiler diff`` compares.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from compiler.model.spec import StateMachine
from compiler.model.states import (
    Branch,
    Catcher,
    ChoiceRule,
    ChoiceState,
    FailState,
    ItemProcessor,
    MapState,
    ParallelState,
    PassState,
    Retrier,
    SucceedState,
    TaskState,
    WaitState,
)
from compiler.model.states.choice import OPERATORS
from compiler.refs import Placeholders, Ref

LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke"
START_EXECUTION = "arn:aws:states:::states:startExecution"
INTEGRATION_SUFFIX = {
    "fire_and_forget": "",
    "sync": ".sync:2",
    "sync_string": ".sync",
    "wait_for_task_token": ".waitForTaskToken",
}
# The retry CDK's LambdaInvoke adds unless retry_on_service_exceptions=False.
LAMBDA_SERVICE_RETRY = {
    "ErrorEquals": [
        "Lambda.ClientExecutionTimeoutException",
        "Lambda.ServiceException",
        "Lambda.AWSLambdaException",
        "Lambda.SdkClientException",
    ],
    "IntervalSeconds": 2,
    "MaxAttempts": 6,
    "BackoffRate": 2,
}

AnyState = TaskState | PassState | ChoiceState | WaitState | SucceedState | FailState | ParallelState | MapState


def pascal(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in name.split("_"))


def render_machine(machine: StateMachine) -> tuple[dict[str, Any], dict[str, Ref]]:
    """A machine's definition, and the reference behind each ``${placeholder}`` it contains."""
    emitter = AslEmitter()
    definition = emitter.machine(machine)
    return definition, emitter.placeholders.table()


class AslEmitter:
    """Renders one state machine; resource references become placeholders."""

    def __init__(self) -> None:
        self.placeholders = Placeholders()
        self.top_language = "jsonpath"  # the machine's QueryLanguage (AWS's default: JSONPath)

    def machine(self, machine: StateMachine) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if machine.comment is not None:
            out["Comment"] = machine.comment
        if machine.query_language is not None:
            out["QueryLanguage"] = "JSONata" if machine.query_language == "jsonata" else "JSONPath"
        out["StartAt"] = machine.start_at or next(iter(machine.states))
        self.top_language = machine.query_language or "jsonpath"
        out["States"] = self.states(machine.states, machine.query_language)
        if machine.timeout_seconds is not None:
            out["TimeoutSeconds"] = machine.timeout_seconds
        return out

    def states(self, states: dict[str, AnyState], language: str | None) -> dict[str, Any]:
        names = list(states)
        rendered: dict[str, Any] = {}
        for index, (name, state) in enumerate(states.items()):
            following = names[index + 1] if index + 1 < len(names) else None
            effective = state.query_language or language
            out = self.state(state, following, effective)
            if state.query_language is None and (effective or "jsonpath") != self.top_language:
                # A state nested in a block of the other language says so itself: AWS (and cfn-lint)
                # take a state's language from its own QueryLanguage, else from the top level only.
                out = _with_language(out, effective or "jsonpath")
            rendered[name] = out
        return rendered

    def state(self, state: AnyState, following: str | None, language: str | None) -> dict[str, Any]:
        renderer: Callable[..., dict[str, Any]] = getattr(self, f"render_{state.type}")
        return renderer(state, following, language)

    # Shared pieces ---------------------------------------------------------------------------

    def head(self, state: AnyState, type_name: str) -> dict[str, Any]:
        out: dict[str, Any] = {"Type": type_name}
        if state.comment is not None:
            out["Comment"] = state.comment
        if state.query_language is not None:
            out["QueryLanguage"] = "JSONata" if state.query_language == "jsonata" else "JSONPath"
        return out

    def value(self, value: Any) -> Any:
        return self.placeholders.substitute(value)

    def put(self, out: dict[str, Any], state: Any, field: str, key: str | None = None) -> None:
        """Copy a field when the spec wrote it (an explicit ``null`` included: it means ``{}`` in ASL)."""
        if state.given(field):
            out[key or pascal(field)] = self.value(getattr(state, field))

    def io(self, out: dict[str, Any], state: Any, *fields: str) -> None:
        for field in fields:
            self.put(out, state, field)

    def tail(self, out: dict[str, Any], state: Any, following: str | None) -> dict[str, Any]:
        """Assign/Output, Retry/Catch, then the transition: explicit next/end, else the next state."""
        self.io(out, state, "output", "assign")
        retry = [self.retrier(r) for r in getattr(state, "retry", [])]
        if getattr(state, "retry_on_service_exceptions", False):
            retry.insert(0, dict(LAMBDA_SERVICE_RETRY))
        if retry:
            out["Retry"] = retry
        catch = [self.catcher(c) for c in getattr(state, "catch", [])]
        if catch:
            out["Catch"] = catch
        if state.next is not None:
            out["Next"] = state.next
        elif state.end or following is None:
            out["End"] = True
        else:
            out["Next"] = following
        return out

    def retrier(self, retry: Retrier) -> dict[str, Any]:
        out: dict[str, Any] = {}
        self.put(out, retry, "comment")
        out["ErrorEquals"] = list(retry.errors)
        for field in ("interval_seconds", "max_attempts", "backoff_rate", "max_delay_seconds", "jitter_strategy"):
            if getattr(retry, field) is not None:
                out[pascal(field)] = getattr(retry, field)
        return out

    def catcher(self, catch: Catcher) -> dict[str, Any]:
        out: dict[str, Any] = {}
        self.put(out, catch, "comment")
        out["ErrorEquals"] = list(catch.errors)
        self.io(out, catch, "result_path", "output", "assign")
        out["Next"] = catch.next
        return out

    def payload_key(self, language: str | None) -> str:
        return "Arguments" if language == "jsonata" else "Parameters"

    # State types -----------------------------------------------------------------------------

    def render_task(self, state: TaskState, following: str | None, language: str | None) -> dict[str, Any]:
        out = self.head(state, "Task")
        key = self.payload_key(language)
        if state.invoke is not None:
            arn = self.placeholders.token(Ref(state.invoke, "arn"))
            if state.invoke_style == "lambda_invoke":
                out["Resource"] = LAMBDA_INVOKE
                payload = self.value(state.payload) if state.given("payload") else None
                args: dict[str, Any] = {"FunctionName": arn}
                if payload is not None:
                    args["Payload"] = payload
                elif language == "jsonata":  # the state input, as CDK's LambdaInvoke writes it
                    args["Payload"] = "{% $states.input %}"
                else:
                    args["Payload.$"] = "$"
                out[key] = args
            else:
                out["Resource"] = arn
                if state.given("payload"):
                    out[key] = self.value(state.payload)
        elif state.start_execution is not None:
            out["Resource"] = START_EXECUTION + INTEGRATION_SUFFIX[state.integration]
            out[key] = self.start_execution_parameters(state, language)
        else:
            out["Resource"] = self.value(state.resource)
            self.put(out, state, "parameters")
            self.put(out, state, "arguments")
        self.io(out, state, "input_path", "result_selector", "result_path", "output_path")
        self.io(out, state, "timeout_seconds", "timeout_seconds_path", "heartbeat_seconds", "heartbeat_seconds_path")
        self.put(out, state, "credentials")
        return self.tail(out, state, following)

    def start_execution_parameters(self, state: TaskState, language: str | None) -> dict[str, Any]:
        assert state.start_execution is not None
        params: dict[str, Any] = {}
        if state.given("input"):
            child_input = self.value(state.input)
            if state.associate_with_parent and isinstance(child_input, dict):
                child_input = {**child_input, "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$": "$$.Execution.Id"}
            params["Input"] = child_input
        elif language == "jsonata":
            params["Input"] = "{% $states.input %}"
        else:
            params["Input.$"] = "$"
        params["StateMachineArn"] = self.placeholders.token(Ref(state.start_execution, "arn"))
        if state.alias is not None:  # the alias's qualified ARN: arn:...:stateMachine:NAME:ALIAS
            params["StateMachineArn"] += f":{state.alias}"
        if state.execution_name is not None:
            params["Name"] = self.value(state.execution_name)
        return params

    def render_pass(self, state: PassState, following: str | None, language: str | None) -> dict[str, Any]:
        out = self.head(state, "Pass")
        self.io(out, state, "input_path", "parameters", "result", "result_path", "output_path")
        return self.tail(out, state, following)

    def render_wait(self, state: WaitState, following: str | None, language: str | None) -> dict[str, Any]:
        out = self.head(state, "Wait")
        self.io(out, state, "input_path", "seconds", "timestamp", "seconds_path", "timestamp_path", "output_path")
        return self.tail(out, state, following)

    def render_succeed(self, state: SucceedState, following: str | None, language: str | None) -> dict[str, Any]:
        out = self.head(state, "Succeed")
        self.io(out, state, "input_path", "output_path", "output")
        return out

    def render_fail(self, state: FailState, following: str | None, language: str | None) -> dict[str, Any]:
        out = self.head(state, "Fail")
        self.io(out, state, "error", "error_path", "cause", "cause_path")
        return out

    def render_choice(self, state: ChoiceState, following: str | None, language: str | None) -> dict[str, Any]:
        out = self.head(state, "Choice")
        self.io(out, state, "input_path", "output_path")
        out["Choices"] = [self.rule(rule) for rule in state.choices]
        if state.default is not None:
            out["Default"] = state.default
        self.io(out, state, "output", "assign")
        return out

    def rule(self, rule: ChoiceRule) -> dict[str, Any]:
        out: dict[str, Any] = {}
        self.put(out, rule, "comment")
        if rule.variable is not None:
            out["Variable"] = rule.variable
        self.put(out, rule, "condition")
        if rule.and_ is not None:
            out["And"] = [self.rule(r) for r in rule.and_]
        if rule.or_ is not None:
            out["Or"] = [self.rule(r) for r in rule.or_]
        if rule.not_ is not None:
            out["Not"] = self.rule(rule.not_)
        for op in OPERATORS:
            value = getattr(rule, op)
            if value is not None:
                out[pascal(op)] = value
        self.io(out, rule, "assign", "output")
        if rule.next is not None:
            out["Next"] = rule.next
        return out

    def render_parallel(self, state: ParallelState, following: str | None, language: str | None) -> dict[str, Any]:
        out = self.head(state, "Parallel")
        self.io(out, state, "input_path", "parameters", "arguments")
        out["Branches"] = [self.branch(b, language) for b in state.branches]
        self.io(out, state, "result_selector", "result_path", "output_path")
        return self.tail(out, state, following)

    def branch(self, branch: Branch | ItemProcessor, language: str | None) -> dict[str, Any]:
        out: dict[str, Any] = {}
        self.put(out, branch, "comment")
        # A block's query_language is written on each of its states (see states()): ASL has no
        # QueryLanguage field on a branch or item processor.
        if isinstance(branch, ItemProcessor) and branch.processor_config is not None:
            config: dict[str, Any] = {"Mode": branch.processor_config.mode.upper()}
            if branch.processor_config.execution_type is not None:
                config["ExecutionType"] = branch.processor_config.execution_type.upper()
            out["ProcessorConfig"] = config
        out["StartAt"] = branch.start_at or next(iter(branch.states))
        out["States"] = self.states(branch.states, branch.query_language or language)
        return out

    def render_map(self, state: MapState, following: str | None, language: str | None) -> dict[str, Any]:
        out = self.head(state, "Map")
        self.io(out, state, "input_path", "items_path", "items", "item_selector", "parameters")
        if state.item_processor is not None:
            out["ItemProcessor"] = self.branch(state.item_processor, language)
        if state.iterator is not None:
            out["Iterator"] = self.branch(state.iterator, language)
        for field in ("item_reader", "item_batcher", "result_writer"):
            sub = getattr(state, field)
            if sub is not None:
                out[pascal(field)] = self.nested(sub)
        self.io(out, state, "max_concurrency", "max_concurrency_path", "tolerated_failure_percentage")
        self.io(out, state, "tolerated_failure_percentage_path", "tolerated_failure_count")
        self.io(out, state, "tolerated_failure_count_path", "label")
        self.io(out, state, "result_selector", "result_path", "output_path")
        return self.tail(out, state, following)

    def nested(self, model: Any) -> dict[str, Any]:
        """ItemReader/ItemBatcher/ResultWriter: fields in PascalCase, free-form values as written."""
        out: dict[str, Any] = {}
        for field in type(model).model_fields:
            if model.given(field):
                out[pascal(field)] = self.value(getattr(model, field))
        return out


def _with_language(state: dict[str, Any], language: str) -> dict[str, Any]:
    """``state`` with QueryLanguage where ``head`` puts it (after Type and Comment)."""
    out: dict[str, Any] = {}
    for key in ("Type", "Comment"):
        if key in state:
            out[key] = state[key]
    out["QueryLanguage"] = "JSONata" if language == "jsonata" else "JSONPath"
    out.update(state)
    return out
