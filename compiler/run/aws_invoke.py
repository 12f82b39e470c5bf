"""Service integrations executed with boto3: the embedded moto during ``compiler run`` (or ``--endpoint-url``).

``ServiceInvoker`` serves optimized DynamoDB item calls, SQS ``sendMessage`` (``.waitForTaskToken``
too: the message goes out, then the task waits for its answer), SNS ``publish``, EventBridge
``putEvents`` and ``aws-sdk:<service>:<action>`` calls, with AWS's result shapes and error names
(``compiler.run.aws_shapes``). ``aws-sdk:sfn`` calls about this run's own executions
(startExecution, sendTask*) are answered by the runner, which owns those executions.
Everything a task published (SNS messages, EventBridge events, SQS messages) is kept in
``published`` for the run's report.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from compiler.asl.errors import StatesError
from compiler.asl.tasks import Integration, classify
from compiler.run.aws_shapes import (
    compact,
    optimized_error,
    sdk_error,
    sdk_metadata,
    sns_publish_body,
    to_json,
)
from compiler.run.errors import RUNTIME
from compiler.run.invoke import TaskContext
from compiler.run.sdk_case import to_request, to_result
from compiler.run.service_catalog import boto3_client_name, sdk_service, serving


@dataclass
class Published:
    """One message or event a task sent: the run's report lists them."""

    kind: str  # "sns", "sqs" or "events"
    target: str  # topic ARN, queue URL, event bus name
    state: str
    body: Any
    event_id: str = ""  # an event's EventId: the run's report names the state that put it


@dataclass
class ServiceInvoker:
    region: str = "us-east-1"
    published: list[Published] = field(default_factory=list)
    _clients: dict[str, Any] = field(default_factory=dict, repr=False)
    _sequence: int = 0

    def client(self, name: str) -> Any:
        found = self._clients.get(name)
        if found is None:
            import boto3

            found = self._clients[name] = boto3.client(name, region_name=self.region)
        return found

    def invoke(self, resource: str, parameters: Any, context: TaskContext) -> Any:
        served = serving(resource)
        if not served.by_emulator:
            raise StatesError(RUNTIME, f"The resource '{resource}' of the state '{context.state_name}' does not run "
                              f"locally ({served.reason or 'unknown integration'}): give it a result with --mock")
        if not isinstance(parameters, Mapping):
            raise StatesError(RUNTIME, f"The state '{context.state_name}' calls {resource} without Parameters")
        integration = served.integration
        sdk = sdk_service(integration)
        if sdk is not None:
            return self._sdk_call(sdk, integration, dict(parameters), context)
        return self._optimized(integration, dict(parameters), context)

    # ------------------------------------------------------------ optimized integrations

    def _optimized(self, integration: Integration, params: dict[str, Any], context: TaskContext) -> Any:
        service, action = integration.service, integration.action
        if service == "events":
            return self._put_events(params, context)
        request_id = context.runtime.uuid()
        if service == "sns" and action == "publish":
            params = _sns_publish_params(params, self._is_fifo_topic(params.get("TopicArn")))
        elif service == "sqs" and action == "sendMessage":
            params = {**params, "MessageBody": _text_body(params.get("MessageBody"))}
        response = self._call(boto3_client_name(service), action, params,
                              lambda r: optimized_error(service, r, request_id))
        result = moto_fixups(service, action, params, to_json(response, timestamps="epoch"))
        if service == "sns" and self._is_fifo_topic(params.get("TopicArn")) and "SequenceNumber" not in result:
            # moto omits it; SNS gives FIFO messages a 20-digit sequence number, growing per topic.
            self._sequence += 1
            result["SequenceNumber"] = f"{10_000_000_000_000_000_000 + self._sequence:020d}"
        if service == "sns":
            body = sns_publish_body(result.get("MessageId", ""), request_id, result.get("SequenceNumber"))
            self.published.append(Published("sns", str(params.get("TopicArn")), context.state_name, params["Message"]))
        else:
            body = compact(result)
        if service == "sqs":
            self.published.append(Published("sqs", str(params.get("QueueUrl")), context.state_name,
                                            params["MessageBody"]))
        return {**result, **sdk_metadata(service, action, body, request_id, context.now)}

    def _is_fifo_topic(self, arn: Any) -> bool:
        return isinstance(arn, str) and arn.endswith(".fifo")

    def _put_events(self, params: dict[str, Any], context: TaskContext) -> Any:
        """PutEvents checks each entry as EventBridge does; a failed entry fails the task (EventBridge.FailedEntry)."""
        entries = params.get("Entries")
        if not isinstance(entries, list):
            raise StatesError(RUNTIME, f"The state '{context.state_name}' calls events:putEvents without Entries")
        results: list[dict[str, Any]] = []
        for entry in entries:
            problem, prepared = _event_entry(entry)
            if problem is not None:
                results.append(problem)
                continue
            response = self._call("events", "putEvents", {"Entries": [prepared]},
                                  lambda r: optimized_error("events", r, context.runtime.uuid()))
            sent = response.get("Entries", [{}])[0]
            results.append({k: v for k, v in sent.items() if k in ("EventId", "ErrorCode", "ErrorMessage")})
            if "EventId" in sent:
                self.published.append(Published("events", str(prepared.get("EventBusName", "default")),
                                                context.state_name, _event_record(prepared), sent["EventId"]))
        failed = sum(1 for r in results if "ErrorCode" in r)
        output = {"Entries": results, "FailedEntryCount": failed}
        if failed:
            raise StatesError("EventBridge.FailedEntry", compact(output))
        return output

    # ------------------------------------------------------------ aws-sdk

    def _sdk_call(self, service: str, integration: Integration, params: dict[str, Any], context: TaskContext) -> Any:
        if service == "sfn":
            answered = _own_executions(integration.action, params, context)
            if answered is not None:
                return answered
        client_name = boto3_client_name(service)
        operation = self._operation(client_name, integration.action)
        if operation is not None:  # PascalCase parameters to the model's own member names
            params = to_request(operation.input_shape, params)
        params = self._blob_params(client_name, integration.action, params)
        request_id = context.runtime.uuid()
        response = self._call(client_name, integration.action, params, lambda r: sdk_error(service, r, request_id))
        if client_name == "events" and integration.action == "putEvents":
            for entry, sent in zip(params.get("Entries") or [], response.get("Entries") or [], strict=False):
                if "EventId" in sent and isinstance(entry, dict):
                    self.published.append(Published("events", str(entry.get("EventBusName", "default")),
                                                    context.state_name, _event_record(entry), sent["EventId"]))
        result = to_json(response, timestamps="iso")
        if operation is not None:
            result = to_result(operation.output_shape, result)
        return moto_fixups(service, integration.action, params, result)

    def _blob_params(self, client_name: str, action: str, params: dict[str, Any]) -> dict[str, Any]:
        """A blob member (S3 putObject's Body) is sent as the JSON text of its value, a string too (recorded:
        Body "text data" is stored as the 11 bytes ``"text data"``), as UTF-8 text."""
        operation = self._operation(client_name, action)
        if operation is None or operation.input_shape is None:
            return params
        members = operation.input_shape.members
        out = dict(params)
        for name, value in params.items():
            shape = members.get(name)
            if shape is not None and shape.type_name == "blob" and not isinstance(value, bytes):
                out[name] = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
                if "ContentType" in members and "ContentType" not in params:
                    out["ContentType"] = "text/plain; charset=UTF-8"
        return out

    def _operation(self, client_name: str, action: str) -> Any:
        model = self.client(client_name).meta.service_model
        wanted = action[:1].upper() + action[1:]
        return model.operation_model(wanted) if wanted in model.operation_names else None

    def _call(self, client_name: str, action: str, params: dict[str, Any], on_error: Any) -> Any:
        from botocore import xform_name
        from botocore.exceptions import ClientError, ParamValidationError

        client = self.client(client_name)
        method = getattr(client, xform_name(action[:1].upper() + action[1:]), None)
        if method is None:
            raise StatesError(RUNTIME, f"{client_name} has no action {action}")
        try:
            return method(**params)
        except ClientError as exc:
            error, cause = on_error(exc.response)
            raise StatesError(error, cause) from None
        except ParamValidationError as exc:
            raise StatesError(RUNTIME, f"The parameters of {client_name}:{action} are not valid: {exc}") from None


def moto_fixups(service: str, action: str, params: Mapping[str, Any], result: dict[str, Any]) -> dict[str, Any]:
    """Where moto's answer differs from AWS's in shape (checked against the conformance recordings)."""
    if service == "dynamodb" and params.get("ReturnConsumedCapacity", "NONE") == "NONE":
        result.pop("ConsumedCapacity", None)  # moto reports it unasked
    if service == "s3" and action in ("putObject", "getObject", "headObject"):
        # S3 encrypts every new object (SSE-S3) since January 2023; moto does not say so.
        result.setdefault("ServerSideEncryption", "AES256")
        checksums = [k for k in result if k.startswith("Checksum") and k != "ChecksumType"]
        if action != "putObject" and params.get("ChecksumMode") != "ENABLED":
            for key in checksums:
                result.pop(key)  # returned only when asked for
        elif checksums:
            result.setdefault("ChecksumType", "FULL_OBJECT")
    return result


def _text_body(value: Any) -> Any:
    # A JSON value as MessageBody is sent as its JSON text.
    return value if isinstance(value, str) else compact(value)


def _sns_publish_params(params: dict[str, Any], fifo: bool) -> dict[str, Any]:
    if fifo and "MessageGroupId" not in params:
        # moto words this check differently from SNS (MissingParameter); AWS's wording, recorded.
        raise StatesError("SNS.InvalidParameterException",
                          "Invalid parameter: The MessageGroupId parameter is required for FIFO topics (Service: "
                          "AmazonSNS; Status Code: 400; Error Code: InvalidParameter; Request ID: "
                          "00000000-0000-0000-0000-000000000000; Proxy: null)")
    return {**params, "Message": _text_body(params.get("Message"))}


def _event_entry(entry: Any) -> tuple[dict[str, Any] | None, dict[str, Any]]:
    """``(failure, entry to send)``: EventBridge's own per-entry checks (moto skips them)."""
    if not isinstance(entry, dict):
        return {"ErrorCode": "InvalidArgument", "ErrorMessage": "Entry is not an object."}, {}
    prepared = dict(entry)
    detail = prepared.get("Detail")
    if detail is not None and not isinstance(detail, str):
        prepared["Detail"] = compact(detail)
    elif isinstance(detail, str):
        try:
            parsed = json.loads(detail)
        except ValueError:
            parsed = None
        if not isinstance(parsed, dict):
            return {"ErrorCode": "MalformedDetail", "ErrorMessage": "Detail is malformed."}, prepared
    for name in ("Source", "DetailType", "Detail"):
        if name not in prepared:
            return {"ErrorCode": "InvalidArgument",
                    "ErrorMessage": f"Parameter {name} is not valid. Reason: {name} is a required argument."}, prepared
    return None, prepared


def _event_record(entry: dict[str, Any]) -> dict[str, Any]:
    record = {k: v for k, v in entry.items() if k in ("Source", "DetailType", "Resources", "EventBusName")}
    try:
        record["Detail"] = json.loads(entry["Detail"])
    except (KeyError, ValueError):
        record["Detail"] = entry.get("Detail")
    return record


def _own_executions(action: str, params: dict[str, Any], context: TaskContext) -> Any:
    """aws-sdk:sfn calls on this run's executions; None for calls the emulator answers."""
    if action in ("sendTaskSuccess", "sendTaskFailure", "sendTaskHeartbeat"):
        # Tokens of this run are answered with --task-answer; any other token is unknown here, as in AWS.
        raise StatesError("Sfn.InvalidTokenException",
                          "Invalid Token: 'Invalid token' (Service: Sfn, Status Code: 400, Request ID: "
                          f"{context.runtime.uuid()}) (SDK Attempt Count: 1)")
    if action == "startExecution":
        from compiler.run.sfn_invoke import StepFunctionsInvoker

        invoker = context.runtime.dispatcher.invoker_for("arn:aws:states:::states:startExecution")
        if not isinstance(invoker, StepFunctionsInvoker):
            return None
        started = invoker.invoke("arn:aws:states:::states:startExecution", params, context)
        # The SDK's StartExecutionResponse: the start date as a timestamp, no HTTP metadata.
        return {"ExecutionArn": started["ExecutionArn"], "StartDate": _iso_millis(started["StartDate"])}
    return None


def _iso_millis(millis: Any) -> Any:
    from datetime import UTC, datetime

    if not isinstance(millis, int | float):
        return millis
    return datetime.fromtimestamp(millis / 1000, UTC).isoformat().replace("+00:00", "Z")


def is_served(resource: str) -> bool:
    """True when ``ServiceInvoker`` runs this resource."""
    return serving(resource).by_emulator


__all__ = ["Published", "ServiceInvoker", "classify", "is_served"]
