"""Each integration family's less travelled paths, stated as the policy AWS documents for them:
targets chosen at run time (a ``*`` with the field named, for ``compiler iam`` and W420), targets
that are spec resources (their ARN tokens), conditions, KMS grants for encrypted spec resources,
and the integrations the registry refuses (with the closest known one).

Each expectation is written from the AWS documentation named beside it (the Step Functions
guide's "IAM policies for integrated services" and the Service Authorization Reference's ARN
formats), not copied from the registry's output.
"""

from __future__ import annotations

from typing import Any

import pytest

from compiler.iam import Context, Statement, UnsupportedIntegration, statements
from compiler.iam.base import TaskDefinitionFacts
from compiler.iam.families import task_notes
from compiler.iam.versions import function_versions_key
from compiler.refs import Ref

P = "arn:${AWS::Partition}"
HERE = "${AWS::Region}:${AWS::AccountId}"
ROLE_ANY = f"{P}:iam::${{AWS::AccountId}}:role/*"
KINDS = {"fn": "function", "child": "state_machine", "me": "state_machine", "data": "bucket", "q": "queue",
         "t": "topic", "conn": "connection", "sec": "secret", "k": "key", "bus": "event_bus", "tbl": "table",
         "r": "role"}
# ``${key_attr}`` placeholders of the definition, as the lowering writes them.
SUBS = {f"{key}_{attr}": Ref(key, attr) for key in (*KINDS, "Jobs") for attr in ("arn", "name", "url")}
Row = tuple[tuple[str, ...], tuple[str, ...], tuple[Any, ...], tuple[str, ...], tuple[str, ...]]


def found(state: dict[str, Any], keys: dict[str, str] | None = None, kinds: dict[str, str] | None = None,
          task_definitions: dict[str, TaskDefinitionFacts] | None = None) -> list[Row]:
    """(actions, resources, conditions, reasons, run-time fields) of every merged statement."""
    definition = {"StartAt": "S", "States": {"S": {**state, "End": True}}}
    ctx = Context("me", KINDS if kinds is None else kinds, keys or {}, task_definitions or {})
    return [(s.actions, s.resources, s.conditions, s.reasons, s.runtime) for s in statements(definition, SUBS, ctx)]


def task(resource: str, parameters: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"Type": "Task", "Resource": f"arn:aws:states:::{resource}",
            **({"Parameters": parameters} if parameters is not None else {})}


def at_run_time(field: str) -> str:
    return f"state 'S': {field} is chosen at run time"


def refused(state: dict[str, Any]) -> UnsupportedIntegration:
    with pytest.raises(UnsupportedIntegration) as info:
        found(state)
    assert info.value.state == "S"
    return info.value


# -- API Gateway ("IAM policies for API Gateway": execute-api:Invoke on
#    arn:aws:execute-api:REGION:ACCOUNT:API-ID/STAGE/METHOD/PATH, only with AuthType IAM_ROLE) ------
def test_api_gateway_without_iam_auth_needs_no_permission() -> None:
    assert found(task("apigateway:invoke", {"ApiEndpoint": "abc123.execute-api.eu-west-1.amazonaws.com",
                                            "Method": "GET", "AuthType": "NO_AUTH"})) == []
    assert found(task("apigateway:invoke", {"ApiEndpoint": "abc123.execute-api.eu-west-1.amazonaws.com",
                                            "Method": "GET"})) == []


def test_api_gateway_with_iam_auth_may_invoke_the_one_method_and_path_in_the_endpoint_region() -> None:
    state = task("apigateway:invoke", {"ApiEndpoint": "https://abc123.execute-api.eu-west-1.amazonaws.com",
                                       "Stage": "prod", "Method": "GET", "Path": "/orders/1/", "AuthType": "IAM_ROLE"})
    assert found(state) == [(("execute-api:Invoke",), (f"{P}:execute-api:eu-west-1:${{AWS::AccountId}}:abc123/prod/GET/orders/1",),
                             (), (), ())]


def test_api_gateway_parts_chosen_at_run_time_or_left_out_are_wildcards_with_their_reasons() -> None:
    state = task("apigateway:invoke", {"ApiEndpoint.$": "$.api", "Method.$": "$.method", "AuthType": "IAM_ROLE"})
    assert found(state) == [(("execute-api:Invoke",), (f"{P}:execute-api:{HERE}:*/*/*/*",), (),
                             (at_run_time("ApiEndpoint"), at_run_time("Method"), "state 'S': the call gives no Path",
                              "state 'S': the call gives no Stage"),
                             ("ApiEndpoint", "Method"))]


# -- Athena ("IAM policies for Amazon Athena") -----------------------------------------------------
GLUE_CATALOG = ("glue:BatchCreatePartition", "glue:BatchDeletePartition", "glue:BatchDeleteTable", "glue:BatchGetPartition",
                "glue:CreateDatabase", "glue:CreatePartition", "glue:CreateTable", "glue:DeleteDatabase",
                "glue:DeletePartition", "glue:DeleteTable", "glue:GetDatabase", "glue:GetDatabases", "glue:GetPartition",
                "glue:GetPartitions", "glue:GetTable", "glue:GetTables", "glue:UpdateDatabase", "glue:UpdatePartition",
                "glue:UpdateTable")
S3_OBJECTS = ("s3:AbortMultipartUpload", "s3:GetObject", "s3:ListMultipartUploadParts", "s3:PutObject")
S3_BUCKET = ("s3:GetBucketLocation", "s3:ListBucket")
LAKE = (("lakeformation:GetDataAccess",), ("*",), (),
        ("lakeformation:GetDataAccess takes no resource-level permission (AWS's authorization data)",), ())
CATALOG = (("athena:GetDataCatalog",), (f"{P}:athena:{HERE}:datacatalog/AwsDataCatalog",), (), (), ())


def test_athena_query_in_a_named_work_group_database_and_output_location_is_scoped_to_them() -> None:
    state = task("athena:startQueryExecution.sync", {
        "QueryString": "SELECT 1", "WorkGroup": "etl", "QueryExecutionContext": {"Database": "sales"},
        "ResultConfiguration": {"OutputLocation": "s3://results/athena/"}})
    glue = f"{P}:glue:{HERE}"
    assert found(state) == [
        CATALOG,
        (("athena:GetQueryExecution", "athena:StartQueryExecution", "athena:StopQueryExecution"),
         (f"{P}:athena:{HERE}:workgroup/etl",), (), (), ()),
        (GLUE_CATALOG, (f"{glue}:catalog", f"{glue}:database/sales", f"{glue}:table/sales/*",
                        f"{glue}:userDefinedFunction/sales/*"), (),
         ("state 'S': the query's tables are named in its text",), ()),
        LAKE,
        (S3_OBJECTS, (f"{P}:s3:::results/athena/*",), (), (), ()),
        (S3_BUCKET, (f"{P}:s3:::results",), (), (), ()),
    ]


def test_athena_query_without_work_group_or_output_location_uses_primary_and_any_bucket() -> None:
    why = ("state 'S': the output location is the work group's or chosen at run time",)
    glue = f"{P}:glue:{HERE}"
    assert found(task("athena:startQueryExecution", {"QueryString": "SELECT 1"})) == [
        CATALOG,
        (("athena:StartQueryExecution",), (f"{P}:athena:{HERE}:workgroup/primary",), (), (), ()),
        (GLUE_CATALOG, (f"{glue}:catalog", f"{glue}:database/*", f"{glue}:table/*/*", f"{glue}:userDefinedFunction/*/*"), (),
         ("state 'S': the query names its tables in its text", "state 'S': the query's tables are named in its text"), ()),
        LAKE,
        (S3_OBJECTS, (f"{P}:s3:::*/*",), (), why, ()),
        (S3_BUCKET, (f"{P}:s3:::*",), (), why, ()),
    ]


def test_athena_work_group_chosen_at_run_time_is_any_work_group_and_a_bucket_alone_is_all_its_objects() -> None:
    rows = found(task("athena:startQueryExecution", {"QueryString": "SELECT 1", "WorkGroup.$": "$.group",
                                                     "ResultConfiguration": {"OutputLocation": "s3://results"}}))
    assert (("athena:StartQueryExecution",), (f"{P}:athena:{HERE}:workgroup/*",), (), (at_run_time("WorkGroup"),),
            ("WorkGroup",)) in rows
    assert (S3_OBJECTS, (f"{P}:s3:::results/*",), (), (), ()) in rows


@pytest.mark.parametrize(("action", "iam"), [("getQueryExecution", "athena:GetQueryExecution"),
                                             ("stopQueryExecution", "athena:StopQueryExecution")])
def test_athena_calls_on_an_execution_id_may_reach_any_work_group(action: str, iam: str) -> None:
    assert found(task(f"athena:{action}", {"QueryExecutionId.$": "$.id"})) == [
        ((iam,), (f"{P}:athena:{HERE}:workgroup/*",), (), (at_run_time("QueryExecutionId"),), ())]


def test_athena_query_results_are_read_from_the_query_s_own_location() -> None:
    assert found(task("athena:getQueryResults", {"QueryExecutionId.$": "$.id"})) == [
        (("athena:GetQueryResults",), (f"{P}:athena:{HERE}:workgroup/*",), (), (at_run_time("QueryExecutionId"),), ()),
        (("s3:GetObject",), (f"{P}:s3:::*",), (),
         ("state 'S': the results' S3 location is the query's, known at run time",), ()),
    ]


# -- Amazon Bedrock ("IAM policies for Amazon Bedrock") --------------------------------------------
def test_bedrock_customization_sync_with_its_role_tags_and_a_base_model_chosen_at_run_time() -> None:
    state = task("bedrock:createModelCustomizationJob.sync", {
        "BaseModelIdentifier.$": "$.model", "RoleArn": "arn:aws:iam::111122223333:role/tuning", "CustomModelTags": []})
    bedrock = f"{P}:bedrock:{HERE}"
    job = f"{bedrock}:model-customization-job/*"
    assert found(state) == [
        (("bedrock:CreateModelCustomizationJob", "bedrock:TagResource"),
         (f"{bedrock}:custom-model/*", job, f"{P}:bedrock:${{AWS::Region}}::foundation-model/*"), (),
         ("state 'S': the custom model and job ARNs are made by the call",), ()),
        (("bedrock:GetModelCustomizationJob",), (job,), (),
         ("state 'S': bedrock:GetModelCustomizationJob needs a model-customization-job, not named by its parameters",), ()),
        (("bedrock:StopModelCustomizationJob",), (job,), (),
         ("state 'S': bedrock:StopModelCustomizationJob needs a model-customization-job, not named by its parameters",), ()),
        (("iam:PassRole",), ("arn:aws:iam::111122223333:role/tuning",),
         (("StringEquals", "iam:PassedToService", ("bedrock.amazonaws.com",)),), (), ()),
    ]


def test_bedrock_invoke_of_a_model_named_or_chosen_at_run_time() -> None:
    # Foundation models have no account in their ARN (arn:aws:bedrock:REGION::foundation-model/ID).
    assert found(task("bedrock:invokeModel", {"ModelId": "anthropic.claude-v2", "Input": {"S3Uri.$": "$.in"}})) == [
        (("bedrock:InvokeModel",), (f"{P}:bedrock:${{AWS::Region}}::foundation-model/anthropic.claude-v2",), (), (), ()),
        (("s3:GetObject",), (f"{P}:s3:::*",), (), (at_run_time("Input.S3Uri"),), ("Input.S3Uri",)),
    ]
    assert found(task("bedrock:invokeModel", {"ModelId.$": "$.model"})) == [
        (("bedrock:InvokeModel",), (f"{P}:bedrock:${{AWS::Region}}::foundation-model/*",), (), (at_run_time("ModelId"),),
         ("ModelId",))]
    assert found(task("bedrock:invokeModel", {"ModelId": "arn:aws:bedrock:us-east-1:111122223333:provisioned-model/p1"})) == [
        (("bedrock:InvokeModel",), ("arn:aws:bedrock:us-east-1:111122223333:provisioned-model/p1",), (), (), ())]


# -- Amazon ECS ("IAM policies for Amazon ECS/AWS Fargate") ----------------------------------------
TO_ECS = (("StringEquals", "iam:PassedToService", ("ecs-tasks.amazonaws.com",)),)
DEFINITION_ROLES = ("state 'S': the task definition's roles are not named in the spec; passed only to "
                    "ecs-tasks.amazonaws.com",)


def test_ecs_sync_of_a_task_definition_revision_with_a_role_chosen_at_run_time() -> None:
    state = task("ecs:runTask.sync", {"TaskDefinition": "arn:aws:ecs:us-east-1:111122223333:task-definition/etl:7",
                                      "Overrides": {"TaskRoleArn.$": "$.role", "ExecutionRoleArn": "exec"}})
    tasks = f"{P}:ecs:{HERE}:task/*/*"
    assert found(state) == [
        (("ecs:DescribeTasks",), (tasks,), (), ("state 'S': ecs:DescribeTasks needs a task, not named by its parameters",), ()),
        (("ecs:RunTask",), ("arn:aws:ecs:us-east-1:111122223333:task-definition/etl:7",), (), (), ()),
        (("ecs:StopTask",), (tasks,), (), ("state 'S': ecs:StopTask needs a task, not named by its parameters",), ()),
        (("events:DescribeRule", "events:PutRule", "events:PutTargets"),
         (f"{P}:events:{HERE}:rule/StepFunctionsGetEventsForECSTaskRule",), (), (), ()),
        # A role name is a role of the machine's account; both roles are named, so no other role.
        (("iam:PassRole",), (ROLE_ANY, f"{P}:iam::${{AWS::AccountId}}:role/exec"), TO_ECS,
         (at_run_time("Overrides.TaskRoleArn"),), ("Overrides.TaskRoleArn",)),
    ]


def test_ecs_task_definition_without_revision_or_chosen_at_run_time() -> None:
    # Without a revision ECS runs the latest ACTIVE one: any revision of that family.
    assert found(task("ecs:runTask", {"TaskDefinition": "arn:aws:ecs:us-east-1:111122223333:task-definition/etl"})) == [
        (("ecs:RunTask",), ("arn:aws:ecs:us-east-1:111122223333:task-definition/etl:*",), (),
         ("state 'S': the task definition names no revision, so ECS runs the family's latest ACTIVE revision",), ()),
        (("iam:PassRole",), (ROLE_ANY,), TO_ECS, DEFINITION_ROLES, ()),
    ]
    assert found(task("ecs:runTask.waitForTaskToken", {"TaskDefinition.$": "$.definition"})) == [
        (("ecs:RunTask",), (f"{P}:ecs:{HERE}:task-definition/*",), (), (at_run_time("TaskDefinition"),), ("TaskDefinition",)),
        (("iam:PassRole",), (ROLE_ANY,), TO_ECS, DEFINITION_ROLES, ()),
    ]


def test_ecs_task_definition_left_out_or_a_family_alone() -> None:
    assert found(task("ecs:runTask", {"Cluster": "jobs"}))[0] == (
        ("ecs:RunTask",), (f"{P}:ecs:{HERE}:task-definition/*",), (), (at_run_time("TaskDefinition"),), ("TaskDefinition",))
    assert found(task("ecs:runTask", {"TaskDefinition": "etl"}))[0] == (
        ("ecs:RunTask",), (f"{P}:ecs:{HERE}:task-definition/etl:*",), (), (LATEST,), ())
    assert found(task("ecs:runTask", {"TaskDefinition": "etl:3"}))[0] == (
        ("ecs:RunTask",), (f"{P}:ecs:{HERE}:task-definition/etl:3",), (), (), ())


LATEST = "state 'S': the task definition names no revision, so ECS runs the family's latest ACTIVE revision"


def test_a_declared_task_definition_without_revision_runs_its_family_s_latest() -> None:
    facts = {"etl": TaskDefinitionFacts(f"{P}:ecs:{HERE}:task-definition/etl", None, "${etl_task.arn}", None)}
    subs_state = task("ecs:runTask", {"TaskDefinition": "${etl_arn}"})
    definition = {"StartAt": "S", "States": {"S": {**subs_state, "End": True}}}
    got = statements(definition, {"etl_arn": Ref("etl", "arn")}, Context("me", {"etl": "task_definition"}, {}, facts))
    assert [(s.actions, s.resources, s.conditions, s.reasons) for s in got] == [
        (("ecs:RunTask",), (f"{P}:ecs:{HERE}:task-definition/etl:*",), (), (LATEST,)),
        (("iam:PassRole",), ("${etl_task.arn}",), TO_ECS, ()),
    ]


@pytest.mark.parametrize(("written", "example"), [
    ("arn:aws:ecs:us-east-1:111122223333:task-definition/etl-job:7", "etl_job: {type: task_definition, existing: {family: etl-job, revision: 7}"),
    ("arn:aws:ecs:us-east-1:111122223333:task-definition/etl-job", "etl_job: {type: task_definition, existing: {family: etl-job}"),
    ("etl:3", "etl: {type: task_definition, existing: {family: etl, revision: 3}"),
    (None, "my_family: {type: task_definition, existing: {family: my-family}"),
])
def test_w422_says_how_to_declare_the_task_definition_it_could_not_see(written: str | None, example: str) -> None:
    parameters = {"Cluster": "jobs", **({"TaskDefinition": written} if written else {})}
    [(message, hint)] = task_notes("S", task("ecs:runTask.sync", parameters), Context("me"))
    assert message == ("state 'S': ecs:runTask passes the task definition's roles, which neither the state nor the spec "
                       "names, so iam:PassRole is granted on every role of the account (passed only to ecs-tasks.amazonaws.com)")
    key = example.split(":", 1)[0]
    assert hint == (f"declare the task definition with its roles under 'resources' (e.g. {example}, task_role: <role key "
                    f"or ARN>, execution_role: <role key or ARN>}}) and write 'TaskDefinition: ${{{key}.arn}}'")
    both = {"TaskRoleArn": "arn:aws:iam::111122223333:role/t", "ExecutionRoleArn": "arn:aws:iam::111122223333:role/e"}
    assert task_notes("S", task("ecs:runTask", {**parameters, "Overrides": both}), Context("me")) == []


# -- EventBridge ("IAM policies for Amazon EventBridge": events:PutEvents on each bus) ---------------
def test_event_buses_named_by_reference_name_arn_or_chosen_at_run_time() -> None:
    buses = f"{P}:events:{HERE}:event-bus"
    state = task("events:putEvents", {"Entries": [
        {"Detail": {}, "EventBusName.$": "$.bus"},
        {"Detail": {}, "EventBusName": "${bus_arn}"},
        {"Detail": {}, "EventBusName": "arn:aws:events:us-east-1:111122223333:event-bus/other"},
        {"Detail": {}, "EventBusName": "named"},
        "not an entry",
    ]})
    assert found(state) == [(("events:PutEvents",), ("${bus.arn}", f"{buses}/*", f"{buses}/named",
                                                      "arn:aws:events:us-east-1:111122223333:event-bus/other"), (),
                             (at_run_time("Entries"), at_run_time("EventBusName")), ("Entries", "EventBusName"))]
    assert found(task("events:putEvents", {"Entries.$": "$.entries"})) == [
        (("events:PutEvents",), (f"{buses}/*",), (), (at_run_time("Entries"),), ("Entries",))]


# -- HTTP Task ("IAM policies for calling HTTPS APIs") ---------------------------------------------
def test_http_task_limits_method_and_endpoint_and_reads_its_connection_s_secret() -> None:
    state = task("http:invoke", {"ApiEndpoint": "https://api.example.com/v1/*", "Method": "POST",
                                 "Authentication": {"ConnectionArn": "arn:aws:events:us-east-1:111122223333:connection/partner/0a1b"}})
    assert found(state) == [
        (("events:RetrieveConnectionCredentials",), ("arn:aws:events:us-east-1:111122223333:connection/partner/0a1b",), (), (), ()),
        (("secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"),
         (f"{P}:secretsmanager:{HERE}:secret:events!connection/partner/*",), (), (), ()),
        (("states:InvokeHTTPEndpoint",), ("${me.arn}",),
         (("StringEquals", "states:HTTPMethod", ("POST",)), ("StringLike", "states:HTTPEndpoint", ("https://api.example.com/v1/*",))),
         (), ()),
    ]


def test_http_task_of_a_spec_connection_and_an_endpoint_chosen_at_run_time() -> None:
    state = task("http:invoke", {"ApiEndpoint.$": "$.url", "Method.$": "$.method",
                                 "Authentication": {"ConnectionArn": "${conn_arn}"}})
    assert found(state) == [
        (("events:RetrieveConnectionCredentials",), ("${conn.arn}",), (), (), ()),
        (("secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"),
         (f"{P}:secretsmanager:{HERE}:secret:events!connection/${{conn.name}}/*",), (), (), ()),
        (("states:InvokeHTTPEndpoint",), ("${me.arn}",), (), (at_run_time("ApiEndpoint"),), ("ApiEndpoint",)),
    ]


def test_http_task_of_a_connection_chosen_at_run_time_or_written_as_no_connection_arn() -> None:
    chosen = found(task("http:invoke", {"ApiEndpoint": "https://x.example", "Method": "GET",
                                        "Authentication": {"ConnectionArn.$": "$.connection"}}))
    why = (at_run_time("Authentication.ConnectionArn"),)
    assert chosen[:2] == [
        (("events:RetrieveConnectionCredentials",), (f"{P}:events:{HERE}:connection/*",), (), why, ("Authentication.ConnectionArn",)),
        (("secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"),
         (f"{P}:secretsmanager:{HERE}:secret:events!connection/*",), (), why, ("Authentication.ConnectionArn",)),
    ]
    odd = found(task("http:invoke", {"ApiEndpoint": "https://x.example", "Authentication": {"ConnectionArn": "partner"}}))
    assert odd[:2] == [
        (("events:RetrieveConnectionCredentials",), ("partner",), (), (), ()),
        (("secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"),
         (f"{P}:secretsmanager:{HERE}:secret:events!connection/*/*",), (), (), ()),
    ]
    assert odd[2][2] == (("StringLike", "states:HTTPEndpoint", ("https://x.example*",)),)


# -- Lambda --------------------------------------------------------------------------------------
def test_lambda_partial_arn_keeps_its_account_and_a_missing_function_name_is_any_function() -> None:
    # A partial ARN (ACCOUNT:function:NAME[:QUALIFIER]) is one of the forms Invoke accepts.
    assert found(task("lambda:invoke", {"FunctionName": "111122223333:function:f:prod"})) == [
        (("lambda:InvokeFunction",), (f"{P}:lambda:${{AWS::Region}}:111122223333:function:f",
                                      f"{P}:lambda:${{AWS::Region}}:111122223333:function:f:*"), (), (), ())]
    assert found(task("lambda:invoke", {})) == [
        (("lambda:InvokeFunction",), (f"{P}:lambda:{HERE}:function:*",), (), (at_run_time("FunctionName"),), ("FunctionName",))]


def test_an_unqualified_partial_function_arn_keeps_its_account() -> None:
    assert found(task("lambda:invoke", {"FunctionName": "111122223333:function:f"})) == [
        (("lambda:InvokeFunction",), (f"{P}:lambda:${{AWS::Region}}:111122223333:function:f",
                                      f"{P}:lambda:${{AWS::Region}}:111122223333:function:f:*"), (), (), ())]


def test_only_a_spec_function_s_versions_are_recognised_as_such() -> None:
    assert function_versions_key("${fn.arn}:*") == "fn"
    assert function_versions_key("${fn.arn}") is None
    assert function_versions_key(f"{P}:lambda:{HERE}:function:f:*") is None


def test_a_function_arn_as_the_resource_is_invoked_without_its_qualifier() -> None:
    state = {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:111122223333:function:f:$LATEST"}
    assert found(state) == [(("lambda:InvokeFunction",), ("arn:aws:lambda:us-east-1:111122223333:function:f",
                                                          "arn:aws:lambda:us-east-1:111122223333:function:f:*"), (), (), ())]


# -- SNS / SQS / DynamoDB with encrypted spec resources ---------------------------------------------
def test_sns_publish_to_a_target_arn_a_phone_number_or_a_topic_chosen_at_run_time() -> None:
    assert found(task("sns:publish", {"TargetArn": "arn:aws:sns:us-east-1:111122223333:t2", "Message": "m"})) == [
        (("sns:Publish",), ("arn:aws:sns:us-east-1:111122223333:t2",), (), (), ())]
    # Publishing an SMS has no resource (sns:Publish with a PhoneNumber is authorized on "*").
    assert found(task("sns:publish", {"PhoneNumber": "+15550100", "Message": "m"})) == [
        (("sns:Publish",), ("*",), (), ("state 'S': an SMS to a PhoneNumber has no resource to scope",), ())]
    assert found(task("sns:publish", {"TopicArn.$": "$.topic", "Message": "m"})) == [
        (("sns:Publish",), (f"{P}:sns:{HERE}:*",), (), (at_run_time("TopicArn"),), ("TopicArn",))]


@pytest.mark.parametrize(("state", "call", "kms"), [
    # SNS/SQS developer guides ("Key management"): a producer needs kms:GenerateDataKey and kms:Decrypt.
    (task("sns:publish", {"TopicArn": "${t_arn}", "Message": "m"}), (("sns:Publish",), ("${t.arn}",)),
     ("kms:Decrypt", "kms:GenerateDataKey")),
    (task("sqs:sendMessage", {"QueueUrl": "${q_url}", "MessageBody": "m"}), (("sqs:SendMessage",), ("${q.arn}",)),
     ("kms:Decrypt", "kms:GenerateDataKey")),
    # DynamoDB encryption at rest with a customer managed key: reads decrypt, writes also encrypt.
    (task("dynamodb:getItem", {"TableName": "${tbl_name}", "Key": {}}), (("dynamodb:GetItem",), ("${tbl.arn}",)),
     ("kms:Decrypt",)),
    (task("dynamodb:putItem", {"TableName": "${tbl_name}", "Item": {}}), (("dynamodb:PutItem",), ("${tbl.arn}",)),
     ("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey")),
    # Secrets Manager ("Secret encryption and decryption"): reading decrypts, writing also makes a data key.
    (task("aws-sdk:secretsmanager:getSecretValue", {"SecretId": "${sec_arn}"}),
     (("secretsmanager:GetSecretValue",), ("${sec.arn}",)), ("kms:Decrypt",)),
    (task("aws-sdk:secretsmanager:putSecretValue", {"SecretId": "${sec_arn}", "SecretString": "s"}),
     (("secretsmanager:PutSecretValue",), ("${sec.arn}",)), ("kms:Decrypt", "kms:GenerateDataKey")),
], ids=["sns", "sqs", "dynamodb read", "dynamodb write", "secret read", "secret write"])
def test_a_spec_resource_encrypted_with_a_spec_key_needs_that_key(state: dict[str, Any], call: tuple[Any, Any],
                                                                   kms: tuple[str, ...]) -> None:
    named = {(actions, resources) for actions, resources, *_ in found(state, keys={"t": "k", "q": "k", "tbl": "k", "sec": "k"})}
    assert named == {call, (kms, ("${k.arn}",))}
    # The same resource without a key: the call alone.
    assert {(actions, resources) for actions, resources, *_ in found(state)} == {call}


def test_sqs_queue_chosen_at_run_time_is_any_queue_of_the_account() -> None:
    assert found(task("sqs:sendMessage", {"QueueUrl.$": "$.queue", "MessageBody": "m"})) == [
        (("sqs:SendMessage",), (f"{P}:sqs:{HERE}:*",), (), (at_run_time("QueueUrl"),), ("QueueUrl",))]


@pytest.mark.parametrize("key", ["jobs", "Jobs"])
def test_a_queue_named_by_a_url_reference_of_an_unknown_kind_is_that_queue_s_name(key: str) -> None:
    # Spec keys may start with a capital letter; the URL reference stands for the queue's name.
    state = task("aws-sdk:sqs:getQueueAttributes", {"QueueName": f"${{{key}_url}}"})
    subs = {f"{key}_url": Ref(key, "url")}
    definition = {"StartAt": "S", "States": {"S": {**state, "End": True}}}
    [statement] = statements(definition, subs, Context("me", {}))
    assert statement.resources == (f"{P}:sqs:{HERE}:${{{key}.name}}",)


# -- Start execution ----------------------------------------------------------------------------
def test_a_child_machine_alias_or_version_is_a_qualifier_condition_on_the_machine() -> None:
    # Step Functions authorizes StartExecution of a version or alias against the machine's ARN with
    # the states:StateMachineQualifier condition key.
    assert found(task("states:startExecution", {"StateMachineArn": "${child_arn}:prod"})) == [
        (("states:StartExecution",), ("${child.arn}",), (("StringEquals", "states:StateMachineQualifier", ("prod",)),), (), ())]
    rows = found(task("states:startExecution.sync", {"StateMachineArn": "arn:aws:states:us-east-1:111122223333:stateMachine:x:7"}))
    assert (("states:StartExecution",), ("arn:aws:states:us-east-1:111122223333:stateMachine:x",),
            (("StringEquals", "states:StateMachineQualifier", ("7",)),), (), ()) in rows
    assert (("states:DescribeExecution", "states:StopExecution"), ("arn:aws:states:us-east-1:111122223333:execution:x:*",),
            (), (), ()) in rows


def test_a_child_machine_left_out_is_any_machine_with_the_field_named() -> None:
    assert found(task("states:startExecution", {})) == [
        (("states:StartExecution",), (f"{P}:states:{HERE}:stateMachine:*",), (), (at_run_time("StateMachineArn"),),
         ("StateMachineArn",))]
    rows = found(task("states:startExecution.sync", {"StateMachineArn.$": "$.machine"}))
    assert (("states:DescribeExecution", "states:StopExecution"), (f"{P}:states:{HERE}:execution:*",), (),
            (at_run_time("StateMachineArn"),), ("StateMachineArn",)) in rows


# -- AWS SDK integrations --------------------------------------------------------------------------
def test_s3_operations_documented_on_their_api_pages_need_the_object_actions() -> None:
    # HeadObject needs s3:GetObject; CopyObject s3:GetObject (source) and s3:PutObject (S3 API reference).
    assert found(task("aws-sdk:s3:headObject", {"Bucket": "b", "Key": "k"})) == [
        (("s3:GetObject",), (f"{P}:s3:::b/k",), (), (), ())]
    assert [(a, r) for a, r, *_ in found(task("aws-sdk:s3:copyObject", {"Bucket": "b", "Key": "k", "CopySource": "src/x"}))] == [
        (("s3:GetObject",), (f"{P}:s3:::b/k",)), (("s3:PutObject",), (f"{P}:s3:::b/k",))]


def test_dynamodb_transactions_and_batches_name_their_tables_inside_the_request() -> None:
    tables = f"{P}:dynamodb:{HERE}:table"
    rows = found(task("aws-sdk:dynamodb:transactWriteItems", {"TransactItems": [
        {"Put": {"TableName": "a", "Item": {}}}, {"Update": {"TableName.$": "$.table"}}]}))
    # "Using IAM with DynamoDB transactions": the item actions the transaction contains.
    assert rows == [((action,), (f"{tables}/*", f"{tables}/a"), (), (at_run_time("TableName"),), ("TableName",))
                    for action in ("dynamodb:ConditionCheckItem", "dynamodb:DeleteItem", "dynamodb:PutItem",
                                   "dynamodb:UpdateItem")]
    assert found(task("aws-sdk:dynamodb:batchGetItem", {"RequestItems": {"a": {}, "b": {}}})) == [
        (("dynamodb:BatchGetItem",), (f"{tables}/a", f"{tables}/b"), (), (), ())]


def test_sdk_calls_that_hand_a_role_to_a_service_pass_exactly_that_role() -> None:
    rows = found(task("aws-sdk:sfn:createStateMachine", {"Name": "x", "Definition": "{}", "RoleArn": "${r_arn}"}))
    assert (("iam:PassRole",), ("${r.arn}",), (), (), ()) in rows
    rows = found(task("aws-sdk:glue:createJob", {"Name": "j", "Role": "GlueRole", "Command": {}}))
    assert (("iam:PassRole",), (f"{P}:iam::${{AWS::AccountId}}:role/GlueRole",), (), (), ()) in rows


def test_sdk_resources_without_a_level_or_a_parameter_naming_them_say_why() -> None:
    assert found(task("aws-sdk:ec2:describeInstances", {})) == [
        (("ec2:DescribeInstances",), ("*",), (),
         ("ec2:DescribeInstances takes no resource-level permission (AWS's authorization data)",), ())]
    assert found(task("aws-sdk:dynamodb:describeTable", {})) == [
        (("dynamodb:DescribeTable",), (f"{P}:dynamodb:{HERE}:table/*",), (),
         ("state 'S': dynamodb:DescribeTable needs a table, not named by its parameters",), ())]


def test_adjacent_parts_of_an_arn_unknown_until_run_time_are_one_wildcard() -> None:
    # CodeArtifact's package-group ARN is package-group/${DomainName}${EncodedPackageGroupPattern}.
    state = task("aws-sdk:codeartifact:describePackageGroup", {"Domain.$": "$.domain", "PackageGroup": "/npm/*"})
    assert found(state) == [(("codeartifact:DescribePackageGroup",), (f"{P}:codeartifact:{HERE}:package-group/*",), (),
                             (at_run_time("Domain"),
                              "state 'S': codeartifact:DescribePackageGroup needs a package-group, not named by its parameters"),
                             ("Domain",))]


def test_an_unknown_sdk_operation_is_refused_with_the_closest_one() -> None:
    error = refused(task("aws-sdk:s3:getObjekt", {}))
    assert (error.detail, error.suggestion) == ("'s3' has no IAM action for the operation 'getObjekt'", "aws-sdk:s3:getObject")


# -- What is refused ----------------------------------------------------------------------------
@pytest.mark.parametrize(("state", "detail", "suggestion"), [
    ({"Type": "Task", "Resource": 5}, "the resource is not a string", None),
    ({"Type": "Task", "Resource": "arn:aws:sqs:us-east-1:111122223333:q"},
     "not a service integration, function or activity ARN", None),
    (task("sqss:sendMessage", {}), "no optimized integration for 'sqss'", "sqs"),
    (task("zzqqxx:sendMessage", {}), "no optimized integration for 'zzqqxx'", None),
    (task("sqs:zzzqqq", {}), "'sqs' has no action 'zzzqqq'", None),
    (task("sqs:sendMessage.sync", {}),
     "'sqs:sendMessage' does not support '.sync' (it supports request-response, .waitForTaskToken)", None),
], ids=["not a string", "not a task resource", "misspelled service", "unknown service", "unknown action", "pattern"])
def test_refused_integrations_say_why(state: dict[str, Any], detail: str, suggestion: str | None) -> None:
    error = refused(state)
    assert (error.detail, error.suggestion) == (detail, suggestion)
    written = state["Resource"]
    assert error.resource == (written if isinstance(written, str) else repr(written))
    assert str(error) == f"state 'S': no IAM rule for the integration {error.resource!r} ({detail})"


def test_jsonata_arguments_are_read_like_parameters() -> None:
    state = {"Type": "Task", "QueryLanguage": "JSONata", "Resource": "arn:aws:states:::dynamodb:getItem",
             "Arguments": {"TableName": "t", "Key": "{% $states.input.key %}"}}
    assert found(state) == [(("dynamodb:GetItem",), (f"{P}:dynamodb:{HERE}:table/t",), (), (), ())]


# -- Other families ------------------------------------------------------------------------------
def test_databrew_names_its_job_name_and_waits_on_that_job() -> None:
    job = f"{P}:databrew:{HERE}:job/nightly"
    assert found(task("databrew:startJobRun.sync", {"Name": "nightly"})) == [
        ((action,), (job,), (), (), ()) for action in ("databrew:ListJobRuns", "databrew:StartJobRun", "databrew:StopJobRun")]


def test_databrew_job_chosen_at_run_time_names_the_field_the_user_wrote() -> None:
    assert found(task("databrew:startJobRun", {"Name.$": "$.job"})) == [
        (("databrew:StartJobRun",), (f"{P}:databrew:{HERE}:job/*",), (), (at_run_time("Name"),), ("Name",))]


def test_emr_on_eks_first_virtual_cluster_may_create_its_service_linked_role_only() -> None:
    assert found(task("emr-containers:createVirtualCluster", {"Name": "vc"})) == [
        (("emr-containers:CreateVirtualCluster",), ("*",), (),
         ("emr-containers:CreateVirtualCluster takes no resource-level permission (AWS's authorization data)",), ()),
        (("iam:CreateServiceLinkedRole",),
         (f"{P}:iam::${{AWS::AccountId}}:role/aws-service-role/emr-containers.amazonaws.com/AWSServiceRoleForAmazonEMRContainers",),
         (("StringLike", "iam:AWSServiceName", ("emr-containers.amazonaws.com",)),), (), ()),
    ]
    # A job role chosen at run time (or a reference) cannot be a literal ArnEquals condition.
    assert found(task("emr-containers:startJobRun", {"VirtualClusterId": "vc1", "ExecutionRoleArn.$": "$.role"})) == [
        (("emr-containers:StartJobRun",), (f"{P}:emr-containers:{HERE}:/virtualclusters/vc1",), (), (), ())]
    assert found(task("emr-containers:startJobRun", {"VirtualClusterId": "vc1", "ExecutionRoleArn": "${r_arn}"})) == [
        (("emr-containers:StartJobRun",), (f"{P}:emr-containers:{HERE}:/virtualclusters/vc1",), (), (), ())]
    # Nor can an ARN with placeholders in it: the condition would compare with the text as written.
    templated = "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/job"
    assert found(task("emr-containers:startJobRun", {"VirtualClusterId": "vc1", "ExecutionRoleArn": templated})) == [
        (("emr-containers:StartJobRun",), (f"{P}:emr-containers:{HERE}:/virtualclusters/vc1",), (), (), ())]


def test_sagemaker_tags_are_read_and_written_on_what_the_call_makes_only() -> None:
    # CreateEndpoint reads its endpoint config, but the tags it writes are the endpoint's.
    endpoint = f"{P}:sagemaker:{HERE}:endpoint/e"
    assert found(task("sagemaker:createEndpoint", {"EndpointName": "e", "EndpointConfigName": "c", "Tags": []})) == [
        (("sagemaker:AddTags",), (endpoint,), (), (), ()),
        (("sagemaker:CreateEndpoint",), (f"{P}:sagemaker:{HERE}:endpoint-config/c", endpoint), (), (), ()),
        (("sagemaker:ListTags",), (endpoint,), (), (), ()),
    ]


def test_a_resource_type_whose_arn_has_no_parts_to_fill_is_that_arn() -> None:
    # Glue's Data Catalog is arn:PARTITION:glue:REGION:ACCOUNT:catalog (one per account and region).
    assert found(task("aws-sdk:glue:getDatabases", {})) == [
        (("glue:GetDatabases",), (f"{P}:glue:{HERE}:catalog", f"{P}:glue:{HERE}:database/*"), (),
         ("state 'S': glue:GetDatabases needs a database, not named by its parameters",), ())]


def test_sagemaker_update_endpoint_is_the_call_alone_on_the_endpoint_and_its_config() -> None:
    assert found(task("sagemaker:updateEndpoint", {"EndpointName": "e", "EndpointConfigName": "c"})) == [
        (("sagemaker:UpdateEndpoint",), (f"{P}:sagemaker:{HERE}:endpoint-config/c", f"{P}:sagemaker:{HERE}:endpoint/e"),
         (), (), ())]


def test_emr_serverless_job_run_sync_waits_on_that_application_s_job_runs_and_passes_its_role() -> None:
    runs = f"{P}:emr-serverless:{HERE}:/applications/app1/jobruns/*"
    state = task("emr-serverless:startJobRun.sync", {"ApplicationId": "app1",
                                                     "ExecutionRoleArn": "arn:aws:iam::111122223333:role/job"})
    assert found(state) == [
        (("emr-serverless:CancelJobRun",), (runs,), (),
         ("state 'S': emr-serverless:CancelJobRun needs a jobRun, not named by its parameters",), ()),
        (("emr-serverless:GetJobRun",), (runs,), (),
         ("state 'S': emr-serverless:GetJobRun needs a jobRun, not named by its parameters",), ()),
        (("emr-serverless:StartJobRun",), (f"{P}:emr-serverless:{HERE}:/applications/app1",), (), (), ()),
        (("iam:PassRole",), ("arn:aws:iam::111122223333:role/job",), (), (), ()),
    ]


def test_a_number_written_where_a_name_goes_stands_for_its_text() -> None:
    # YAML reads `Name: 2024` as a number; the crawler is still the one named "2024".
    assert found(task("aws-sdk:glue:startCrawler", {"Name": 2024})) == [
        (("glue:StartCrawler",), (f"{P}:glue:{HERE}:crawler/2024",), (), (), ())]


def test_a_queue_url_written_where_a_queue_name_goes_names_that_queue() -> None:
    state = task("aws-sdk:sqs:getQueueAttributes", {"QueueName": "https://sqs.eu-west-1.amazonaws.com/111122223333/jobs"})
    assert found(state) == [(("sqs:GetQueueAttributes",), (f"{P}:sqs:{HERE}:jobs",), (), (), ())]


# -- Map states ("IAM policies for Distributed Map") ------------------------------------------------
def _map(mode: str = "DISTRIBUTED", **blocks: Any) -> dict[str, Any]:
    return {"Type": "Map", "ItemProcessor": {"ProcessorConfig": {"Mode": mode}, "StartAt": "W",
                                             "States": {"W": {"Type": "Pass", "End": True}}}, **blocks}


CHILDREN = [(("states:DescribeExecution", "states:RedriveExecution", "states:StopExecution"),
             (f"{P}:states:{HERE}:execution:${{me.name}}/*",), (), (), ()),
            (("states:StartExecution",), ("${me.arn}",), (), (), ())]


def test_an_inline_map_needs_nothing_and_the_mode_is_case_insensitive() -> None:
    assert found(_map("INLINE")) == []
    assert found(_map("distributed")) == CHILDREN


def test_a_result_writer_chosen_at_run_time_may_write_any_object_and_says_which_fields() -> None:
    writer = {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket.$": "$.bucket", "Prefix.$": "$.prefix"}}
    assert found(_map(ResultWriter=writer)) == [
        (S3_OBJECTS, (f"{P}:s3:::*/*",), (),
         (at_run_time("ResultWriter.Bucket"), at_run_time("ResultWriter.Prefix")), ("ResultWriter.Bucket", "ResultWriter.Prefix")),
        *CHILDREN]


def test_a_result_writer_of_a_named_bucket_without_prefix_writes_its_objects_and_one_without_resource_nothing() -> None:
    writer = {"Resource": "arn:aws:states:::s3:putObject", "Arguments": {"Bucket": "out-bucket"}}
    assert found(_map(ResultWriter=writer)) == [(S3_OBJECTS, (f"{P}:s3:::out-bucket/*",), (), (), ()), *CHILDREN]
    assert found(_map(ResultWriter={"WriterConfig": {"OutputType": "JSON"}})) == CHILDREN


def test_an_item_reader_listing_without_prefix_or_of_a_bucket_chosen_at_run_time() -> None:
    listing = {"Resource": "arn:aws:states:::s3:listObjectsV2", "Parameters": {"Bucket": "lit"}}
    assert found(_map(ItemReader=listing)) == [(("s3:ListBucket",), (f"{P}:s3:::lit",), (), (), ()), *CHILDREN]
    chosen = {"Resource": "arn:aws:states:::s3:listObjectsV2", "Parameters": {"Bucket.$": "$.bucket", "Prefix": "in/"}}
    assert found(_map(ItemReader=chosen)) == [
        (("s3:ListBucket",), (f"{P}:s3:::*",), (("StringLike", "s3:prefix", ("in/*",)),), (at_run_time("ItemReader.Bucket"),),
         ("ItemReader.Bucket",)), *CHILDREN]


@pytest.mark.parametrize("resource", ["s3:getObject", "arn:aws:states:::s3:putObject", "arn:aws:states:::dynamodb:getObject", None])
def test_an_item_reader_that_does_not_read_s3_is_refused(resource: str | None) -> None:
    reader = {"Parameters": {}} if resource is None else {"Resource": resource, "Parameters": {}}
    error = refused(_map(ItemReader=reader))
    assert (error.resource, error.detail) == (resource or "", "an ItemReader reads S3 with getObject or listObjectsV2")


# -- Merging ----------------------------------------------------------------------------------------
def test_merged_statements_keep_every_state_reason_and_field_and_a_star_absorbs_the_rest() -> None:
    definition = {"StartAt": "A", "States": {
        "A": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:ec2:describeInstances", "Parameters": {}, "Next": "B"},
        "B": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:ec2:describeInstances", "Parameters": {}, "Next": "C"},
        "C": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage", "Parameters": {"QueueUrl.$": "$.q"}, "Next": "D"},
        "D": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage", "Parameters": {"QueueUrl": "${q_url}"}, "End": True},
    }}
    merged = statements(definition, SUBS, Context("me", KINDS))
    assert [(s.actions, s.resources, s.states, s.reasons, s.runtime) for s in merged] == [
        (("ec2:DescribeInstances",), ("*",), ("A", "B"),
         ("ec2:DescribeInstances takes no resource-level permission (AWS's authorization data)",), ()),
        (("sqs:SendMessage",), ("${q.arn}", f"{P}:sqs:{HERE}:*"), ("C", "D"), ("state 'C': QueueUrl is chosen at run time",),
         ("QueueUrl",)),
    ]


def test_statements_differing_only_in_reasons_are_equal_and_conditions_are_written_as_iam_does() -> None:
    assert Statement(("s3:GetObject",), ("*",), reasons=("a",)) == Statement(("s3:GetObject",), ("*",), reasons=("b",))
    statement = Statement(("s3:ListBucket",), ("*",), (("StringLike", "s3:prefix", ("a/*", "b/*")),
                                                       ("StringEquals", "aws:ResourceAccount", ("111122223333",))))
    assert statement.condition_block() == {"StringLike": {"s3:prefix": ["a/*", "b/*"]},
                                           "StringEquals": {"aws:ResourceAccount": "111122223333"}}
    for action in ("s3:", ":GetObject", "s3:Get*"):
        with pytest.raises(ValueError, match="refusing to generate the IAM action"):
            Statement((action,), ("*",))


def test_a_generated_action_aws_does_not_know_or_spells_otherwise_is_a_bug_said_as_such() -> None:
    from compiler.iam import _check_actions

    with pytest.raises(ValueError, match=r"^generated IAM action 's3:getobject' is not in AWS's authorization data "
                                         r"\(it spells it s3:GetObject\)$"):
        _check_actions([Statement(("s3:getobject",), ("*",))])
    with pytest.raises(ValueError, match=r"^generated IAM action 's3:Nope' is not in AWS's authorization data$"):
        _check_actions([Statement(("s3:Nope",), ("*",))])
    _check_actions([Statement(("s3:GetObject",), ("*",))])


def test_an_item_reader_key_chosen_at_run_time_is_a_run_time_field() -> None:
    reader = {"Resource": "arn:aws:states:::s3:getObject", "Parameters": {"Bucket": "lit", "Key.$": "$.key"}}
    assert found(_map(ItemReader=reader))[0] == (
        (("s3:GetObject",), (f"{P}:s3:::lit/*",), (), (at_run_time("ItemReader.Key"),), ("ItemReader.Key",)))


def test_only_a_whole_jsonata_expression_is_decided_at_run_time() -> None:
    # "{% ... %}" is JSONata; text merely starting or ending like one is a literal name.
    assert found(task("dynamodb:getItem", {"TableName": "50%}", "Key": {}}))[0][1] == (f"{P}:dynamodb:{HERE}:table/50%}}",)
    assert found(task("dynamodb:getItem", {"TableName": "{%t", "Key": {}}))[0][1] == (f"{P}:dynamodb:{HERE}:table/{{%t",)


def test_w422_reads_a_jsonata_state_s_arguments() -> None:
    state = {"Type": "Task", "QueryLanguage": "JSONata", "Resource": "arn:aws:states:::ecs:runTask",
             "Arguments": {"TaskDefinition": "etl:3", "Overrides": {"TaskRoleArn": "arn:aws:iam::111122223333:role/t",
                                                                    "ExecutionRoleArn": "arn:aws:iam::111122223333:role/e"}}}
    assert task_notes("S", state, Context("me")) == []
    [(_, hint)] = task_notes("S", {**state, "Arguments": {"TaskDefinition": "etl:3"}}, Context("me"))
    assert "existing: {family: etl, revision: 3}" in hint


def test_a_wildcard_without_a_reason_is_said_to_have_none() -> None:
    from compiler.iam.wildcards import SUFFIX, UNEXPLAINED, wildcards

    found_ = wildcards([Statement(("s3:GetObject",), ("*",)), Statement(("s3:GetObject",), ("${data.arn}/out/*",)),
                        Statement(("lambda:InvokeFunction",), (f"{P}:lambda:{HERE}:function:*",))])
    assert [w["reasons"] for w in found_] == [[UNEXPLAINED], [SUFFIX], [UNEXPLAINED]]


def test_an_item_reader_of_a_bucket_and_key_both_chosen_at_run_time_names_both() -> None:
    reader = {"Resource": "arn:aws:states:::s3:getObject", "Parameters": {"Bucket.$": "$.b", "Key.$": "$.key"}}
    assert found(_map(ItemReader=reader))[0] == (
        (("s3:GetObject",), (f"{P}:s3:::*/*",), (),
         (at_run_time("ItemReader.Bucket"), at_run_time("ItemReader.Key")), ("ItemReader.Bucket", "ItemReader.Key")))


def test_an_item_reader_listing_a_prefix_chosen_at_run_time_lists_the_bucket_and_says_why() -> None:
    reader = {"Resource": "arn:aws:states:::s3:listObjectsV2", "Parameters": {"Bucket": "lit", "Prefix.$": "$.p"}}
    assert found(_map(ItemReader=reader))[0] == (
        (("s3:ListBucket",), (f"{P}:s3:::lit",), (), (at_run_time("ItemReader.Prefix"),), ("ItemReader.Prefix",)))


def test_a_parameter_named_with_a_prefix_still_names_the_resource() -> None:
    # No TableName: the first key that ends with it (SourceTableName) names the table the call acts on.
    state = task("aws-sdk:dynamodb:restoreTableToPointInTime", {"SourceTableName": "src", "TargetTableName.$": "$.t"})
    assert found(state) == [(("dynamodb:RestoreTableToPointInTime",), (f"{P}:dynamodb:{HERE}:table/src",), (), (), ())]
