"""Ours against CDK's typed task constructs (aws-stepfunctions-tasks), one construct per integration.

Every construct is built in one stack (one synth: the aws_cdk import and the jsii start are paid
once), each in a state machine of its own. For each, the state's ASL as CDK renders it goes
through our registry, and our (action, resource) pairs are compared with those of the machine
role CDK generates: ours is never broader (each of our pairs is allowed by one of CDK's). Where
CDK grants an action ours does not, ``LESS`` names the AWS documentation page that shows ours is
enough ("IAM policies for integrated services", docs.aws.amazon.com/step-functions/latest/dg/
service-integration-iam-templates.html, or the integration's own page).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable
from typing import Any

import pytest

from compiler.iam import Context, statements

ACCOUNT, REGION = "123456789012", "us-east-1"
PSEUDO = {"AWS::Partition": "aws", "AWS::Region": REGION, "AWS::AccountId": ACCOUNT, "AWS::URLSuffix": "amazonaws.com"}
TEMPLATES = "https://docs.aws.amazon.com/step-functions/latest/dg/service-integration-iam-templates.html"

# (case, CDK action our statements leave out) -> the page showing the call needs no more.
LESS: dict[tuple[str, str], str] = {
    # StartQueryExecution without .sync does not poll: the page's request-response Athena policy
    # lists athena:startQueryExecution and athena:getDataCatalog, not getQueryExecution.
    ("athena_start", "athena:getqueryexecution"): TEMPLATES + " (Athena, StartQueryExecution request-response)",
    # CDK grants s3:CreateBucket on "*"; the page's Athena policy writes into the output location's
    # existing bucket (the work group's result bucket is created by the user, not the query).
    ("athena_start", "s3:createbucket"): TEMPLATES + " (Athena: no CreateBucket)",
    # ListBucketMultipartUploads authorizes on the bucket (Service Authorization Reference, S3); CDK
    # grants it on the output objects, where it allows nothing, so a query never relied on it.
    ("athena_start", "s3:listbucketmultipartuploads"): TEMPLATES + " (Athena: S3 access of the output location)",
    # BatchGetReports authorizes on report-group ARNs (Service Authorization Reference, CodeBuild);
    # CDK grants it on the project, where it allows nothing. The .sync page polls BatchGetBuilds.
    ("codebuild_start_sync", "codebuild:batchgetreports"): TEMPLATES + " (CodeBuild StartBuild .sync)",
}


def _render(value: Any) -> Any:
    """CDK intrinsics as plain text: pseudo parameters as this stack's values, other refs as <id>."""
    if isinstance(value, dict):
        if "Ref" in value and len(value) == 1:
            return PSEUDO.get(value["Ref"], f"<{value['Ref']}>")
        if "Fn::Join" in value:
            sep, parts = value["Fn::Join"]
            return sep.join(str(_render(p)) for p in parts)
        if "Fn::GetAtt" in value:
            return f"<{value['Fn::GetAtt'][0]}.{value['Fn::GetAtt'][1]}>"
        return {k: _render(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_render(v) for v in value]
    return value


def _ours(text: str) -> str:
    for name, real in PSEUDO.items():
        text = text.replace(f"${{{name}}}", real)
    return text


def _cases() -> dict[str, Callable[[Any], Any]]:
    from aws_cdk import Duration
    from aws_cdk import aws_apigateway as apigw
    from aws_cdk import aws_bedrock as bedrock
    from aws_cdk import aws_codebuild as codebuild
    from aws_cdk import aws_dynamodb as ddb
    from aws_cdk import aws_events as events
    from aws_cdk import aws_iam as iam
    from aws_cdk import aws_lambda as lambda_
    from aws_cdk import aws_sns as sns
    from aws_cdk import aws_sqs as sqs
    from aws_cdk import aws_stepfunctions as sfn
    from aws_cdk import aws_stepfunctions_tasks as tasks

    fn_arn = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:worker"
    child_arn = f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:child"
    payload = sfn.TaskInput.from_json_path_at("$")

    def fn(s: Any) -> Any:
        return lambda_.Function.from_function_arn(s, "fn", fn_arn)

    def child(s: Any) -> Any:
        return sfn.StateMachine.from_state_machine_arn(s, "child", child_arn)

    def table(s: Any) -> Any:
        return ddb.Table.from_table_name(s, "table", "orders")

    key = {"pk": tasks.DynamoAttributeValue.from_string("1")}
    return {
        "lambda_invoke": lambda s: tasks.LambdaInvoke(s, "T", lambda_function=fn(s), retry_on_service_exceptions=False),
        "lambda_callback": lambda s: tasks.LambdaInvoke(
            s, "T", lambda_function=fn(s), integration_pattern=sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
            payload=sfn.TaskInput.from_object({"token": sfn.JsonPath.task_token}), retry_on_service_exceptions=False),
        "start_execution": lambda s: tasks.StepFunctionsStartExecution(s, "T", state_machine=child(s)),
        "start_execution_sync": lambda s: tasks.StepFunctionsStartExecution(
            s, "T", state_machine=child(s), integration_pattern=sfn.IntegrationPattern.RUN_JOB),
        "start_execution_sync2": lambda s: tasks.StepFunctionsStartExecution(
            s, "T", state_machine=child(s), integration_pattern=sfn.IntegrationPattern.RUN_JOB,
            associate_with_parent=True),
        "sns_publish": lambda s: tasks.SnsPublish(
            s, "T", topic=sns.Topic.from_topic_arn(s, "topic", f"arn:aws:sns:{REGION}:{ACCOUNT}:events"), message=payload),
        "sqs_send": lambda s: tasks.SqsSendMessage(
            s, "T", queue=sqs.Queue.from_queue_arn(s, "queue", f"arn:aws:sqs:{REGION}:{ACCOUNT}:jobs"),
            message_body=payload),
        "dynamo_put": lambda s: tasks.DynamoPutItem(s, "T", table=table(s), item=key),
        "dynamo_get": lambda s: tasks.DynamoGetItem(s, "T", table=table(s), key=key),
        "dynamo_update": lambda s: tasks.DynamoUpdateItem(s, "T", table=table(s), key=key, update_expression="SET a = b"),
        "dynamo_delete": lambda s: tasks.DynamoDeleteItem(s, "T", table=table(s), key=key),
        "events_put": lambda s: tasks.EventBridgePutEvents(s, "T", entries=[tasks.EventBridgePutEventsEntry(
            detail=payload, detail_type="placed", source="orders",
            event_bus=events.EventBus.from_event_bus_arn(s, "bus", f"arn:aws:events:{REGION}:{ACCOUNT}:event-bus/orders"))]),
        "batch_submit_sync": lambda s: tasks.BatchSubmitJob(
            s, "T", job_name="nightly", job_definition_arn=f"arn:aws:batch:{REGION}:{ACCOUNT}:job-definition/d:1",
            job_queue_arn=f"arn:aws:batch:{REGION}:{ACCOUNT}:job-queue/q"),
        "glue_start_sync": lambda s: tasks.GlueStartJobRun(
            s, "T", glue_job_name="etl", integration_pattern=sfn.IntegrationPattern.RUN_JOB),
        "databrew_start": lambda s: tasks.GlueDataBrewStartJobRun(s, "T", name="brew"),
        "athena_start": lambda s: tasks.AthenaStartQueryExecution(
            s, "T", query_string="SELECT 1", work_group="analytics",
            query_execution_context=tasks.QueryExecutionContext(database_name="sales"),
            result_configuration=tasks.ResultConfiguration(output_location=_s3(s, "results", "athena"))),
        "athena_results": lambda s: tasks.AthenaGetQueryResults(s, "T", query_execution_id="abc"),
        "athena_get": lambda s: tasks.AthenaGetQueryExecution(s, "T", query_execution_id="abc"),
        "athena_stop": lambda s: tasks.AthenaStopQueryExecution(s, "T", query_execution_id="abc"),
        "bedrock_invoke": lambda s: tasks.BedrockInvokeModel(
            s, "T", model=bedrock.FoundationModel.from_foundation_model_id(
                s, "model", bedrock.FoundationModelIdentifier.AMAZON_TITAN_TEXT_G1_EXPRESS_V1),
            body=sfn.TaskInput.from_object({"inputText": "hi"})),
        "codebuild_start_sync": lambda s: tasks.CodeBuildStartBuild(
            s, "T", project=codebuild.Project.from_project_name(s, "project", "builder"),
            integration_pattern=sfn.IntegrationPattern.RUN_JOB),
        "sdk_s3_list": lambda s: tasks.CallAwsService(
            s, "T", service="s3", action="listObjectsV2", parameters={"Bucket": "data"},
            iam_resources=["arn:aws:s3:::data"], iam_action="s3:ListBucket"),
        "sdk_dynamodb_query": lambda s: tasks.CallAwsService(
            s, "T", service="dynamodb", action="query", parameters={"TableName": "orders"},
            iam_resources=[f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/orders"]),
        "http_invoke": lambda s: tasks.HttpInvoke(
            s, "T", api_root="https://api.example.com", api_endpoint=sfn.TaskInput.from_text("orders"),
            method=sfn.TaskInput.from_text("POST"),
            connection=events.Connection.from_event_bus_arn(
                s, "conn", f"arn:aws:events:{REGION}:{ACCOUNT}:connection/stripe/0a1b2c",
                                # The secret as the Step Functions guide's HTTP task policy writes it (name/*).
                f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:events!connection/stripe/*")),
        "apigw_rest_iam": lambda s: tasks.CallApiGatewayRestApiEndpoint(
            s, "T", api=apigw.RestApi.from_rest_api_id(s, "api", "a1b2c3d4e5"), stage_name="prod",
            method=tasks.HttpMethod.GET, api_path="/orders", auth_type=tasks.AuthType.IAM_ROLE),
        "emr_add_step": lambda s: tasks.EmrAddStep(
            s, "T", cluster_id="j-123", name="step", jar="command-runner.jar",
            integration_pattern=sfn.IntegrationPattern.RUN_JOB),
        "emr_terminate": lambda s: tasks.EmrTerminateCluster(s, "T", cluster_id="j-123"),
        "mediaconvert_sync": lambda s: tasks.MediaConvertCreateJob(
            s, "T", create_job_request={"Role": f"arn:aws:iam::{ACCOUNT}:role/mc", "Settings": {}},
            integration_pattern=sfn.IntegrationPattern.RUN_JOB),
        "wait_timeout": lambda s: tasks.LambdaInvoke(
            s, "T", lambda_function=fn(s), retry_on_service_exceptions=False, task_timeout=sfn.Timeout.duration(
                Duration.minutes(5))),
        "pass_role_ref": lambda s: tasks.CallAwsService(
            s, "T", service="sfn", action="describeStateMachine", parameters={"StateMachineArn": child_arn},
            iam_resources=[child_arn]),
        "iam_unused": lambda s: (iam, tasks.StepFunctionsInvokeActivity(
            s, "T", activity=sfn.Activity.from_activity_arn(s, "act", f"arn:aws:states:{REGION}:{ACCOUNT}:activity:a")))[1],
    }


def _s3(scope: Any, bucket: str, key: str) -> Any:
    from aws_cdk import aws_s3 as s3

    return s3.Location(bucket_name=bucket, object_key=key)


@pytest.fixture(scope="module")
def built() -> dict[str, tuple[dict[str, Any], set[tuple[str, str]]]]:
    """case -> (the state's ASL as CDK renders it, CDK's (action, resource) pairs)."""
    from aws_cdk import App, Environment, Stack
    from aws_cdk import aws_stepfunctions as sfn
    from aws_cdk.assertions import Template

    from compiler.packaged import cdk_context

    app = App(context=cdk_context())  # the pinned feature flags, as a synth outside any project
    out: dict[str, tuple[dict[str, Any], set[tuple[str, str]]]] = {}
    states: dict[str, Any] = {}
    for case, build in _cases().items():
        stack = Stack(app, case.replace("_", "-"), env=Environment(account=ACCOUNT, region=REGION))
        task = build(stack)
        sfn.StateMachine(stack, "M", state_machine_name=case, definition_body=sfn.DefinitionBody.from_chainable(task))
        states[case] = (stack, task)
    for case, (stack, task) in states.items():
        template = Template.from_stack(stack).to_json()
        state = _render(stack.resolve(task.to_state_json()))
        pairs: set[tuple[str, str]] = set()
        for resource in template["Resources"].values():
            if resource["Type"] != "AWS::IAM::Policy":
                continue
            for statement in resource["Properties"]["PolicyDocument"]["Statement"]:
                actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
                targets = statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
                pairs |= {(a.lower(), str(_render(t))) for a in actions for t in targets}
        out[case] = (state, pairs)
    return out


def _our_pairs(case: str, state: dict[str, Any]) -> set[tuple[str, str]]:
    definition = {"StartAt": "T", "States": {"T": {**state, "End": True}}}
    found = statements(definition, {}, Context(case, {case: "state_machine"}))
    names = {f"${{{case}.arn}}": f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:{case}", f"${{{case}.name}}": case}
    pairs = set()
    for statement in found:
        for action in statement.actions:
            for resource in statement.resources:
                text = _ours(resource)
                for ref, real in names.items():
                    text = text.replace(ref, real)
                pairs.add((action.lower(), text))
    return pairs


def _allowed(pair: tuple[str, str], by: set[tuple[str, str]]) -> bool:
    action, resource = pair
    return any(fnmatch.fnmatchcase(action, a) and fnmatch.fnmatchcase(resource, r) for a, r in by)




def test_ours_is_never_broader_than_cdk(built: dict[str, tuple[dict[str, Any], set[tuple[str, str]]]]) -> None:
    broader: list[str] = []
    for case, (state, theirs) in built.items():
        ours = _our_pairs(case, state)
        broader += [f"{case}: {a} on {r}" for a, r in sorted(ours) if not _allowed((a, r), theirs)]
    assert not broader, "\n".join(broader)


def test_where_ours_grants_less_the_docs_say_it_is_enough(
    built: dict[str, tuple[dict[str, Any], set[tuple[str, str]]]],
) -> None:
    unexplained: list[str] = []
    for case, (state, theirs) in built.items():
        ours = {a for a, _ in _our_pairs(case, state)}
        for action in sorted({a for a, _ in theirs} - ours):
            if (case, action) not in LESS:
                unexplained.append(f"{case}: CDK grants {action}, ours does not")
    assert not unexplained, "\n".join(unexplained)
