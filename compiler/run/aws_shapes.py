"""What a service integration's result and errors look like in AWS, built from a boto3 call.

* Optimized integrations (SQS, SNS, DynamoDB, startExecution) return the service's response plus
  ``SdkHttpMetadata`` (the HTTP headers, status) and ``SdkResponseMetadata`` (the request id), as the
  AWS SDK for Java v1 that Step Functions uses renders them; ``Content-Length`` is the length of the
  body the service would send (JSON for DynamoDB/SQS/Step Functions, XML for SNS).
* ``aws-sdk:*`` calls return the response alone; timestamps as ISO-8601 text, blobs as text.
* Errors: ``<Prefix>.<Code>Exception`` with the SDK's message and request details as the cause.

The conformance recordings (shared/conformance/services) pin these shapes.
"""

from __future__ import annotations

import base64
import json
import zlib
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

from compiler.run.service_catalog import (
    OPTIMIZED_ERROR_PREFIX,
    OPTIMIZED_SERVICE_NAME,
    SDK_ERROR_PREFIX,
)

JSON_1_0 = "application/x-amz-json-1.0"


def http_date(seconds: float) -> str:
    return format_datetime(datetime.fromtimestamp(seconds, UTC), usegmt=True)


def compact(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def sdk_metadata(service: str, action: str, body: str, request_id: str, now: float) -> dict[str, Any]:
    """``SdkHttpMetadata`` and ``SdkResponseMetadata`` of an optimized integration's response."""
    length = str(len(body.encode("utf-8")))
    date = http_date(now)
    if service == "dynamodb":
        # GetItem's response names the request id header in lower case (recorded).
        rid = "x-amzn-requestid" if action == "getItem" else "x-amzn-RequestId"
        crc = str(zlib.crc32(body.encode("utf-8")))
        headers = {"Connection": "keep-alive", "Content-Length": length, "Content-Type": JSON_1_0, "Date": date,
                   "Server": "Server", "x-amz-crc32": crc, rid: request_id}
    else:
        content_type = "text/xml" if service == "sns" else JSON_1_0
        headers = {"connection": "keep-alive", "Content-Length": length, "Content-Type": content_type,
                   "Date": date, "x-amzn-RequestId": request_id}
    return {
        "SdkHttpMetadata": {
            "AllHttpHeaders": {name: [value] for name, value in headers.items()},
            "HttpHeaders": headers,
            "HttpStatusCode": 200,
        },
        "SdkResponseMetadata": {"RequestId": request_id},
    }


def sns_publish_body(message_id: str, request_id: str, sequence_number: str | None) -> str:
    """The XML SNS answers Publish with (its length is the Content-Length AWS reports)."""
    sequence = f"\n    <SequenceNumber>{sequence_number}</SequenceNumber>" if sequence_number else ""
    return (
        '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">\n'
        f"  <PublishResult>\n    <MessageId>{message_id}</MessageId>{sequence}\n  </PublishResult>\n"
        f"  <ResponseMetadata>\n    <RequestId>{request_id}</RequestId>\n  </ResponseMetadata>\n"
        "</PublishResponse>\n"
    )


def to_json(value: Any, *, timestamps: str) -> Any:
    """A boto3 response as JSON: datetimes as ISO text (``timestamps="iso"``) or epoch milliseconds, blobs as text."""
    if isinstance(value, dict):
        return {k: to_json(v, timestamps=timestamps) for k, v in value.items() if k != "ResponseMetadata"}
    if isinstance(value, list):
        return [to_json(v, timestamps=timestamps) for v in value]
    if isinstance(value, datetime):
        if timestamps == "iso":
            return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
        return round(value.timestamp() * 1000)
    if isinstance(value, bytes | bytearray):
        return _text(bytes(value))
    if hasattr(value, "read"):  # a StreamingBody
        return _text(value.read())
    return value


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return base64.b64encode(data).decode("ascii")


def error_code(response: dict[str, Any]) -> str:
    error = response.get("Error", {})
    code = str(error.get("QueryErrorCode") or error.get("Code") or "Unknown")
    # SQS's JSON protocol names errors "AWS.SimpleQueueService.NonExistentQueue".
    code = code.rsplit(".", 1)[-1]
    return {"NonExistentQueue": "QueueDoesNotExist"}.get(code, code)


def exception_name(code: str) -> str:
    return code if code.endswith("Exception") else f"{code}Exception"


def optimized_error(service: str, response: dict[str, Any], request_id: str) -> tuple[str, str]:
    """``(error, cause)`` of a failed optimized integration, as the Java SDK v1 words it."""
    code = error_code(response)
    status = response.get("ResponseMetadata", {}).get("HTTPStatusCode", 400)
    message = str(response.get("Error", {}).get("Message", ""))
    if service == "sns" and code == "NotFound":
        message = "Topic does not exist"  # moto says "Endpoint does not exist" for a missing topic too
    cause = (f"{message} (Service: {OPTIMIZED_SERVICE_NAME.get(service, service)}; Status Code: {status}; "
             f"Error Code: {code}; Request ID: {request_id}; Proxy: null)")
    return f"{OPTIMIZED_ERROR_PREFIX.get(service, service)}.{exception_name(code)}", cause


def sdk_error(service: str, response: dict[str, Any], request_id: str) -> tuple[str, str]:
    """``(error, cause)`` of a failed aws-sdk call, as the Java SDK v2 words it."""
    prefix = SDK_ERROR_PREFIX.get(service, service[:1].upper() + service[1:])
    code = error_code(response)
    status = response.get("ResponseMetadata", {}).get("HTTPStatusCode", 400)
    message = str(response.get("Error", {}).get("Message", ""))
    cause = f"{message} (Service: {prefix}, Status Code: {status}, Request ID: {request_id}) (SDK Attempt Count: 1)"
    return f"{prefix}.{exception_name(code)}", cause
