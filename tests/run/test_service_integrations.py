"""Service integrations run against the embedded moto: each one's request, result shape and errors.

AWS's shapes (from the recordings in shared/conformance/services, pinned here on their own):
optimized integrations return the response plus SdkHttpMetadata/SdkResponseMetadata with the body's
Content-Length; aws-sdk calls return the response alone; errors are ``SQS.<Code>Exception`` /
``DynamoDb.<Code>Exception`` with the SDK's cause.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import boto3
import pytest
from moto import mock_aws

from compiler.run import execute
from compiler.run.aws_invoke import ServiceInvoker
from compiler.run.result import Execution

START = datetime(2025, 11, 6, 12, 40, 6, tzinfo=UTC)
DATE = "Thu, 06 Nov 2025 12:40:06 GMT"
REGION = "us-east-1"


@pytest.fixture
def aws() -> Iterator[dict[str, Any]]:
    with mock_aws():
        ddb = boto3.client("dynamodb", region_name=REGION)
        ddb.create_table(TableName="orders", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                         AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                         BillingMode="PAY_PER_REQUEST")
        queue = boto3.client("sqs", region_name=REGION).create_queue(QueueName="jobs")["QueueUrl"]
        topic = boto3.client("sns", region_name=REGION).create_topic(Name="news")["TopicArn"]
        fifo = boto3.client("sns", region_name=REGION).create_topic(
            Name="news.fifo", Attributes={"FifoTopic": "true"})["TopicArn"]
        boto3.client("s3", region_name=REGION).create_bucket(Bucket="bucket-name")
        yield {"queue": queue, "topic": topic, "fifo": fifo}


def task(resource: str, parameters: dict[str, Any]) -> dict[str, Any]:
    return {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": resource, "Parameters": parameters,
                                              "End": True}}}


def run(definition: dict[str, Any], data: Any = None) -> tuple[Execution, ServiceInvoker]:
    services = ServiceInvoker()
    return execute(definition, data, services=services, start_time=START), services


def headers(result: dict[str, Any]) -> dict[str, str]:
    return dict(result["SdkHttpMetadata"]["HttpHeaders"])


def test_dynamodb_put_item_gives_empty_response_with_sdk_metadata(aws: dict[str, Any]) -> None:
    execution, _ = run(task("arn:aws:states:::dynamodb:putItem",
                            {"TableName": "orders", "Item": {"id": {"S": "o-1"}, "total": {"N": "12"}}}))
    assert execution.status == "SUCCEEDED", execution.cause
    out = execution.output
    assert set(out) == {"SdkHttpMetadata", "SdkResponseMetadata"}
    h = headers(out)
    assert h["Content-Length"] == "2" and h["Content-Type"] == "application/x-amz-json-1.0"
    assert h["Date"] == DATE and h["Server"] == "Server"
    assert h["x-amzn-RequestId"] == out["SdkResponseMetadata"]["RequestId"]
    assert out["SdkHttpMetadata"]["AllHttpHeaders"]["Content-Length"] == ["2"]
    assert out["SdkHttpMetadata"]["HttpStatusCode"] == 200
    item = boto3.client("dynamodb", region_name=REGION).get_item(TableName="orders", Key={"id": {"S": "o-1"}})
    assert item["Item"]["total"] == {"N": "12"}


def test_dynamodb_get_update_delete(aws: dict[str, Any]) -> None:
    key = {"id": {"S": "o-1"}}
    definition = {"StartAt": "Put", "States": {
        "Put": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem",
                "Parameters": {"TableName": "orders", "Item": {"id": {"S": "o-1"}, "data": {"S": "HelloWorld"}}},
                "ResultPath": None, "Next": "Update"},
        "Update": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:updateItem",
                   "Parameters": {"TableName": "orders", "Key": key, "UpdateExpression": "set S=:r",
                                  "ExpressionAttributeValues": {":r": {"S": "HelloWorldUpdated"}},
                                  "ReturnValues": "UPDATED_NEW"},
                   "ResultPath": "$.updated", "Next": "Get"},
        "Get": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:getItem",
                "Parameters": {"TableName": "orders", "Key": key}, "ResultPath": "$.got", "Next": "Delete"},
        "Delete": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:deleteItem",
                   "Parameters": {"TableName": "orders", "Key": key}, "ResultPath": "$.deleted", "End": True}}}
    execution, _ = run(definition)
    assert execution.status == "SUCCEEDED", execution.cause
    out = execution.output
    # moto's unasked ConsumedCapacity is not in AWS's answer; the length is the JSON body's.
    assert set(out["updated"]) == {"Attributes", "SdkHttpMetadata", "SdkResponseMetadata"}
    assert out["updated"]["Attributes"] == {"S": {"S": "HelloWorldUpdated"}}
    assert headers(out["updated"])["Content-Length"] == "46"
    assert out["got"]["Item"] == {"id": {"S": "o-1"}, "data": {"S": "HelloWorld"}, "S": {"S": "HelloWorldUpdated"}}
    assert headers(out["got"])["Content-Length"] == "83"
    assert "x-amzn-requestid" in headers(out["got"])  # GetItem's header is lower case (recorded)
    assert set(out["deleted"]) == {"SdkHttpMetadata", "SdkResponseMetadata"}


def test_dynamodb_missing_table_is_resource_not_found(aws: dict[str, Any]) -> None:
    execution, _ = run(task("arn:aws:states:::dynamodb:getItem", {"TableName": "nope", "Key": {"id": {"S": "1"}}}))
    assert execution.status == "FAILED"
    assert execution.error == "DynamoDB.ResourceNotFoundException"
    assert execution.cause is not None
    assert execution.cause.startswith("Requested resource not found (Service: AmazonDynamoDBv2; Status Code: 400; "
                                      "Error Code: ResourceNotFoundException; Request ID: ")


def test_sqs_send_message_gives_message_id_and_md5(aws: dict[str, Any]) -> None:
    execution, services = run(task("arn:aws:states:::sqs:sendMessage",
                                   {"QueueUrl": aws["queue"], "MessageBody": "test_message_body"}))
    assert execution.status == "SUCCEEDED", execution.cause
    out = execution.output
    assert set(out) == {"MD5OfMessageBody", "MessageId", "SdkHttpMetadata", "SdkResponseMetadata"}
    assert out["MD5OfMessageBody"] == hashlib.md5(b"test_message_body").hexdigest()
    assert headers(out)["Content-Length"] == "106"
    assert headers(out)["connection"] == "keep-alive"
    received = boto3.client("sqs", region_name=REGION).receive_message(QueueUrl=aws["queue"])["Messages"]
    assert [m["MessageId"] for m in received] == [out["MessageId"]]
    assert [p.kind for p in services.published] == ["sqs"]


def test_sqs_json_body_is_sent_as_json_text(aws: dict[str, Any]) -> None:
    execution, _ = run(task("arn:aws:states:::sqs:sendMessage", {"QueueUrl": aws["queue"], "MessageBody": {"a": 1}}))
    assert execution.status == "SUCCEEDED"
    received = boto3.client("sqs", region_name=REGION).receive_message(QueueUrl=aws["queue"])["Messages"]
    assert json.loads(received[0]["Body"]) == {"a": 1}


def test_sqs_missing_queue(aws: dict[str, Any]) -> None:
    missing = aws["queue"].replace("jobs", "nope")
    execution, _ = run(task("arn:aws:states:::sqs:sendMessage", {"QueueUrl": missing, "MessageBody": "x"}))
    assert execution.error == "SQS.QueueDoesNotExistException"


def test_sqs_wait_for_task_token_sends_then_waits_for_the_answer(aws: dict[str, Any]) -> None:
    definition = task("arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                      {"QueueUrl": aws["queue"], "MessageBody": {"token.$": "$$.Task.Token"}})
    services = ServiceInvoker()
    execution = execute(definition, {}, services=services, task_answers={"T": {"approved": True}}, start_time=START)
    assert execution.status == "SUCCEEDED", execution.cause
    assert execution.output == {"approved": True}
    body = json.loads(boto3.client("sqs", region_name=REGION).receive_message(QueueUrl=aws["queue"])
                      ["Messages"][0]["Body"])
    assert len(body["token"]) == 64


def test_sns_publish(aws: dict[str, Any]) -> None:
    execution, services = run(task("arn:aws:states:::sns:publish",
                                   {"TopicArn": aws["topic"], "Message": {"Message": "HelloWorld!"}}))
    assert execution.status == "SUCCEEDED", execution.cause
    out = execution.output
    assert set(out) == {"MessageId", "SdkHttpMetadata", "SdkResponseMetadata"}
    assert headers(out)["Content-Type"] == "text/xml" and headers(out)["Content-Length"] == "294"
    assert services.published[0].body == '{"Message":"HelloWorld!"}'


def test_sns_fifo_needs_a_group_and_gives_a_sequence_number(aws: dict[str, Any]) -> None:
    execution, _ = run(task("arn:aws:states:::sns:publish", {"TopicArn": aws["fifo"], "Message": "m"}))
    assert execution.error == "SNS.InvalidParameterException"
    assert execution.cause is not None and "The MessageGroupId parameter is required for FIFO topics" in execution.cause
    execution, _ = run(task("arn:aws:states:::sns:publish", {"TopicArn": aws["fifo"], "Message": "m",
                                                               "MessageGroupId": "g", "MessageDeduplicationId": "d"}))
    assert execution.status == "SUCCEEDED", execution.cause
    assert "SequenceNumber" in execution.output
    assert headers(execution.output)["Content-Length"] == "352"


def test_sns_missing_topic(aws: dict[str, Any]) -> None:
    execution, _ = run(task("arn:aws:states:::sns:publish", {"TopicArn": aws["topic"] + "-gone", "Message": "m"}))
    assert execution.error == "SNS.NotFoundException"


def test_events_put_events_and_failed_entries(aws: dict[str, Any]) -> None:
    entries = [{"Detail": {"Message": "HelloWorld1"}, "DetailType": "t", "Source": "some.source"}]
    execution, services = run(task("arn:aws:states:::events:putEvents", {"Entries": entries}))
    assert execution.status == "SUCCEEDED", execution.cause
    assert set(execution.output) == {"Entries", "FailedEntryCount"}  # no SdkHttpMetadata (recorded)
    assert execution.output["FailedEntryCount"] == 0 and "EventId" in execution.output["Entries"][0]
    assert services.published[0].body == {"Detail": {"Message": "HelloWorld1"}, "DetailType": "t",
                                          "Source": "some.source"}
    bad = [*entries, {"Detail": '"jsonstring"', "DetailType": "t", "Source": "s"}, {"Detail": {}, "DetailType": "t"}]
    execution, _ = run(task("arn:aws:states:::events:putEvents", {"Entries": bad}))
    assert execution.error == "EventBridge.FailedEntry"
    cause = json.loads(execution.cause or "")
    assert cause["FailedEntryCount"] == 2
    assert cause["Entries"][1] == {"ErrorCode": "MalformedDetail", "ErrorMessage": "Detail is malformed."}
    assert cause["Entries"][2] == {"ErrorCode": "InvalidArgument",
                                   "ErrorMessage": "Parameter Source is not valid. Reason: Source is a required argument."}


def test_aws_sdk_calls_return_the_response_alone(aws: dict[str, Any]) -> None:
    definition = {"StartAt": "Put", "States": {
        "Put": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:putObject",
                "Parameters": {"Bucket": "bucket-name", "Key": "k", "Body": {"Dict": "Value"}},
                "ResultPath": "$.put", "Next": "Get"},
        "Get": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:getObject",
                "Parameters": {"Bucket": "bucket-name", "Key": "k"}, "ResultPath": "$.got", "Next": "Secrets"},
        "Secrets": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:secretsmanager:listSecrets",
                    "Parameters": {}, "ResultPath": "$.secrets", "End": True}}}
    execution, _ = run(definition)
    assert execution.status == "SUCCEEDED", execution.cause
    out = execution.output
    # A JSON Body is stored as its JSON text: the ETag AWS recorded for {"Dict": "Value"}.
    assert out["put"]["ETag"] == '"49e31cee5aec8faf3345893addb14346"'
    assert "SdkHttpMetadata" not in out["put"]
    assert out["got"]["Body"] == '{"Dict":"Value"}' and out["got"]["ContentLength"] == 16
    assert out["got"]["ServerSideEncryption"] == "AES256" and "ChecksumCRC32" not in out["got"]
    assert out["put"]["ChecksumType"] == "FULL_OBJECT"
    assert out["got"]["LastModified"].endswith("Z")
    assert out["secrets"] == {"SecretList": []}


def test_aws_sdk_errors_use_the_sdk_service_name(aws: dict[str, Any]) -> None:
    execution, _ = run(task("arn:aws:states:::aws-sdk:dynamodb:getItem",
                            {"TableName": "nope", "Key": {"id": {"S": "1"}}}))
    assert execution.error == "DynamoDb.ResourceNotFoundException"
    assert execution.cause is not None and execution.cause.endswith("(SDK Attempt Count: 1)")
    execution, _ = run(task("arn:aws:states:::aws-sdk:s3:getObject", {"Bucket": "bucket-name", "Key": "none"}))
    assert execution.error == "S3.NoSuchKeyException"
    execution, _ = run(task("arn:aws:states:::aws-sdk:sfn:sendTaskSuccess", {"TaskToken": "NoSuch", "Output": "{}"}))
    assert execution.error == "Sfn.InvalidTokenException"


def test_a_service_error_goes_through_catch(aws: dict[str, Any]) -> None:
    definition = {"StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:getItem",
              "Parameters": {"TableName": "nope", "Key": {"id": {"S": "1"}}},
              "Catch": [{"ErrorEquals": ["DynamoDB.ResourceNotFoundException"], "Next": "Done"}], "End": True},
        "Done": {"Type": "Pass", "End": True}}}
    execution, _ = run(definition)
    assert execution.status == "SUCCEEDED"
    assert execution.output["Error"] == "DynamoDB.ResourceNotFoundException"


def test_aws_sdk_calls_take_and_give_pascal_case_for_a_camel_case_api(aws: dict[str, Any]) -> None:
    # CloudWatch Logs' own API is camelCase (logGroupName); Step Functions' aws-sdk integration is PascalCase.
    logs = boto3.client("logs", region_name=REGION)
    logs.create_log_group(logGroupName="/app/orders", tags={"team": "orders"})
    logs.create_log_group(logGroupName="/other")
    execution, _ = run(task("arn:aws:states:::aws-sdk:cloudwatchlogs:describeLogGroups",
                            {"LogGroupNamePrefix": "/app"}))
    assert execution.status == "SUCCEEDED", execution.cause
    [group] = execution.output["LogGroups"]
    assert group["LogGroupName"] == "/app/orders" and "logGroupName" not in group
    # Map keys are data: a tag named "team" stays "team".
    execution, _ = run(task("arn:aws:states:::aws-sdk:cloudwatchlogs:listTagsLogGroup", {"LogGroupName": "/app/orders"}))
    assert execution.output == {"Tags": {"team": "orders"}}
