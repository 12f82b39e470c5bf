"""Task states: Lambda calls become ``invoke``, startExecution becomes ``start_execution``.

A task is first written in the richest spec form that fits (``invoke`` with its ``invoke_style``,
or ``start_execution`` with ``integration`` and ``input``); that candidate is emitted on its own
and compared with the input state. Only when it comes back exactly is it kept, otherwise the task
stays a plain ``resource`` task with its Parameters as written (recognised ARNs in ``FunctionName``
and ``StateMachineArn`` still become references). So the richer forms never change meaning: the
emitter, not a second copy of its rules, decides whether they fit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from compiler.diagnostics import M_CONSTRUCT
from compiler.importer.compare import first_difference
from compiler.importer.errors import Refusal
from compiler.importer.states import fields_of, refuse_unknown
from compiler.lower.asl import (
    INTEGRATION_SUFFIX,
    LAMBDA_INVOKE,
    LAMBDA_SERVICE_RETRY,
    START_EXECUTION,
    AslEmitter,
)
from compiler.model.states import TaskState
from compiler.refs import Ref, fill
from compiler.source import Path

if TYPE_CHECKING:
    from compiler.importer.states import StateConverter

GENERIC = fields_of(TaskState)
HANDLED = frozenset({"Type", "Comment", "QueryLanguage", "Next", "End", "Retry", "Catch",
                     "Resource", "Parameters", "Arguments"})
PARENT_ID = "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$"
INTEGRATIONS = {START_EXECUTION + suffix: name for name, suffix in INTEGRATION_SUFFIX.items()}


class TaskConverter:
    def __init__(self, states: StateConverter) -> None:
        self.states = states
        self.rec = states.rec

    def task(self, name: str, asl: dict[str, Any], following: str | None, path: Path, language: Any) -> dict[str, Any]:
        if "Resource" not in asl:
            raise Refusal(M_CONSTRUCT, f"Task state '{name}' has no 'Resource'", path)
        common: dict[str, Any] = {}
        for key, value in asl.items():
            if key in HANDLED:
                continue
            if key not in GENERIC:
                raise refuse_unknown(f"Task state '{name}'", key, path)
            common[GENERIC[key]] = self.rec.value(value, (*path, key))
        tail: dict[str, Any] = {}
        self.states.errors(asl, tail, path, TaskState)
        self.states.flow(name, asl, tail, following, path)
        head = self.states.head(asl, "Task", path)
        for target in (self.invoke(asl, language), self.start_execution(asl, language)):
            if target is None:
                continue
            candidate = {**head, **target, **common, **self.merge_retry(tail, target)}
            if self.fits(candidate, asl, following, language):
                return candidate
        return {**head, **self.resource(asl, path), **common, **tail}

    # Candidates --------------------------------------------------------------------------------

    def invoke(self, asl: dict[str, Any], language: Any) -> dict[str, Any] | None:
        key, other = ("Arguments", "Parameters") if language == "jsonata" else ("Parameters", "Arguments")
        if other in asl:
            return None
        function = self.rec.function(asl["Resource"])
        if function is not None:
            out: dict[str, Any] = {"invoke": function.key}
            if key in asl:
                out["payload"] = self.rec.value(asl[key], (key,))
            return out
        params = asl.get(key)
        if asl["Resource"] != LAMBDA_INVOKE or not isinstance(params, dict):
            return None
        function = self.rec.function(params.get("FunctionName"))
        if function is None or not set(params) <= {"FunctionName", "Payload", "Payload.$"}:
            return None
        out = {"invoke": function.key, "invoke_style": "lambda_invoke"}
        if "Payload" in params:
            out["payload"] = self.rec.value(params["Payload"], (key, "Payload"))
        return out

    def start_execution(self, asl: dict[str, Any], language: Any) -> dict[str, Any] | None:
        integration = INTEGRATIONS.get(asl["Resource"]) if isinstance(asl["Resource"], str) else None
        key = "Arguments" if language == "jsonata" else "Parameters"
        params = asl.get(key)
        if integration is None or not isinstance(params, dict):
            return None
        machine = self.rec.machine(params.get("StateMachineArn"))
        if machine is None or not set(params) <= {"StateMachineArn", "Input", "Input.$", "Name"}:
            return None
        out: dict[str, Any] = {"start_execution": machine.key}
        if integration != "fire_and_forget":
            out["integration"] = integration
        if "Input" in params:
            child = self.rec.value(params["Input"], (key, "Input"))
            if isinstance(child, dict) and child.get(PARENT_ID) == "$$.Execution.Id":
                child = {k: v for k, v in child.items() if k != PARENT_ID}
                out["associate_with_parent"] = True
            out["input"] = child
        if "Name" in params:
            out["execution_name"] = self.rec.value(params["Name"], (key, "Name"))
        return out

    def merge_retry(self, tail: dict[str, Any], target: dict[str, Any]) -> dict[str, Any]:
        """CDK's LambdaInvoke retrier for service exceptions, first in Retry, is ``retry_on_service_exceptions``."""
        retry = tail.get("retry")
        if "invoke" not in target or not retry:
            return tail
        first = retry[0]
        expected = {"errors": LAMBDA_SERVICE_RETRY["ErrorEquals"],
                    **{k: LAMBDA_SERVICE_RETRY[v] for k, v in
                       (("interval_seconds", "IntervalSeconds"), ("max_attempts", "MaxAttempts"),
                        ("backoff_rate", "BackoffRate"))}}
        if first != expected:
            return tail
        rest = {**tail, "retry_on_service_exceptions": True}
        if len(retry) > 1:
            rest["retry"] = retry[1:]
        else:
            del rest["retry"]
        return rest

    def resource(self, asl: dict[str, Any], path: Path) -> dict[str, Any]:
        """The verbatim form: Resource and Parameters/Arguments as written, ARNs recognised."""
        resource = asl["Resource"]
        ref = self.rec.function(resource) or self.rec.machine(resource)
        out: dict[str, Any] = {"resource": str(ref) if ref else self.rec.value(resource, (*path, "Resource"))}
        for key in ("Parameters", "Arguments"):
            if key in asl:
                out[key.lower()] = self.template(asl[key], (*path, key))
        return out

    def template(self, value: Any, path: Path) -> Any:
        if not isinstance(value, dict):
            return self.rec.value(value, path)
        out: dict[str, Any] = {}
        for key, item in value.items():
            ref: Ref | None = None
            if key == "FunctionName":
                ref = self.rec.function(item)
            elif key == "StateMachineArn":
                ref = self.rec.machine(item)
            out[key] = str(ref) if ref else self.rec.value(item, (*path, key))
        return out

    # Verification ------------------------------------------------------------------------------

    def fits(self, candidate: dict[str, Any], asl: dict[str, Any], following: str | None, language: Any) -> bool:
        try:
            model = TaskState.model_validate(candidate)
        except ValidationError:
            return False
        emitter = AslEmitter()
        rendered = emitter.state(model, following, language)
        values = {name: self.rec.originals.get(ref, str(ref)) for name, ref in emitter.placeholders.by_name.items()}
        return first_difference(asl, fill(rendered, values)) is None
