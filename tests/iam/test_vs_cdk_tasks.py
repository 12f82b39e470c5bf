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
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from compiler.iam import Context, statements

ACCOUNT, REGION = "123456789012", "us-east-1"
PSEUDO = {"AWS::Partition": "aws", "AWS::Region": REGION, "AWS::AccountId": ACCOUNT, "AWS::URLSuffix": "amazonaws.com"}
REVISION = "3"  # the task definition revision the ECS cases pin
TEMPLATES = "https://docs.aws.amazon.com/step-functions/latest/dg/service-integration-iam-templates.html"
GUIDE = "https://docs.aws.amazon.com/step-functions/latest/dg/"
ECS, EMR, SAGEMAKER, BEDROCK = (GUIDE + page for page in ("ecs-iam.html", "emr-iam.html", "sagemaker-iam.html", "bedrock-iam.html"))
SDK = GUIDE + "supported-services-awssdk.html"

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
    # ECS: the request-response policy of the ECS page is ecs:RunTask alone; StopTask and
    # DescribeTasks are the .sync poller's ("IAM policies for Amazon ECS/AWS Fargate").
    ("ecs_run", "ecs:describetasks"): ECS + " (Request Response: ecs:RunTask only)",
    ("ecs_run", "ecs:stoptask"): ECS + " (Request Response: ecs:RunTask only)",
    # EMR createCluster: the page's policy is RunJobFlow/DescribeCluster/TerminateJobFlows and
    # PassRole; no CreateServiceLinkedRole (the cleanup role exists once EMR was used) and no
    # AddTags (the request has no Tags).
    ("emr_create_cluster_sync", "iam:createservicelinkedrole"): EMR + " (createCluster)",
    ("emr_create_cluster_sync", "elasticmapreduce:addtags"): EMR + " (createCluster: no Tags, no AddTags)",
    # Glue StartCrawler is an AWS SDK integration: the state makes one call, StartCrawler
    # (CDK's GetCrawler is for a poller this request-response task does not have).
    ("glue_crawler", "glue:getcrawler"): SDK + " (the state calls the one API action it names)",
    # SageMaker: AddTags only for a request with Tags (the page's policies have no AddTags);
    # CreateTransformJob's request has no role to pass (API_CreateTransformJob has no RoleArn).
    ("sagemaker_training_sync", "sagemaker:addtags"): SAGEMAKER + " (CreateTrainingJob: no AddTags)",
    ("sagemaker_transform_sync", "sagemaker:addtags"): SAGEMAKER + " (CreateTransformJob: no AddTags)",
    ("sagemaker_transform_sync", "iam:passrole"):
        "https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateTransformJob.html (no RoleArn)",
    # Bedrock: TagResource is for tags given on create (CustomModelTags/JobTags); the case has none.
    ("bedrock_customize_sync", "bedrock:tagresource"): BEDROCK + " (CreateModelCustomizationJob)",
}

# EcsRunTask takes the TaskDefinition construct and passes exactly its two roles; the ASL names
# only the family (and maybe a revision). For these cases ours is computed from a spec that says
# what the ASL does not: a ``task_definition`` resource with the revision and the two roles (each
# case in another of the forms a role may take), and ``TaskDefinition: ${etl.arn}``. CDK's
# ``ecs_run_family`` runs the family's latest revision and grants the one its stack deploys (``:3``
# here); the spec pins that revision, so the state runs exactly what the role allows.
ROLE_FORMS: dict[str, tuple[str, str]] = {
    "ecs_run": ("etl_task", "etl_exec"),  # spec roles (imported by ARN)
    "ecs_run_sync": (f"arn:aws:iam::{ACCOUNT}:role/etl-task", f"arn:aws:iam::{ACCOUNT}:role/etl-exec"),  # ARNs
    "ecs_run_family": ("${params.task_role}", "${params.execution_role}"),  # spec parameters
}


# The typed constructs the cases built (filled by ``build``).
CONSTRUCTS: set[str] = set()
# Constructs that are not a Step Functions service integration: both run a Lambda function CDK
# writes (a JavaScript expression; an SDK call in another region), covered by lambda:invoke.
NOT_INTEGRATIONS = {"EvaluateExpression", "CallAwsServiceCrossRegion"}


def _render(value: Any, refs: dict[str, str] | None = None) -> Any:
    """CDK intrinsics as plain text: pseudo parameters as this stack's values, refs to resources
    whose ARN is known (``refs``) as that ARN, other refs as <id>."""
    known = {**PSEUDO, **(refs or {})}
    if isinstance(value, dict):
        if "Ref" in value and len(value) == 1:
            return known.get(value["Ref"], f"<{value['Ref']}>")
        if "Fn::Join" in value:
            sep, parts = value["Fn::Join"]
            return sep.join(str(_render(p, refs)) for p in parts)
        if "Fn::GetAtt" in value:
            return f"<{value['Fn::GetAtt'][0]}.{value['Fn::GetAtt'][1]}>"
        return {k: _render(v, refs) for k, v in value.items()}
    if isinstance(value, list):
        return [_render(v, refs) for v in value]
    return value


def _known_arns(template: dict[str, Any]) -> dict[str, str]:
    """Logical id -> ARN for the resources a Ref of which CDK grants on: an ECS task definition's
    Ref is its ARN with the revision the stack deploys, taken as the one the cases pin (``:3``)."""
    out = {}
    for logical, resource in template["Resources"].items():
        if resource["Type"] == "AWS::ECS::TaskDefinition":
            out[logical] = f"arn:aws:ecs:{REGION}:{ACCOUNT}:task-definition/{resource['Properties']['Family']}:{REVISION}"
    return out


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
        **_more_cases(),
    }


def _role(scope: Any, name: str) -> Any:
    from aws_cdk import aws_iam as iam

    return iam.Role.from_role_arn(scope, f"role-{name}", f"arn:aws:iam::{ACCOUNT}:role/{name}", mutable=False)


def _bucket(scope: Any, name: str) -> Any:
    from aws_cdk import aws_s3 as s3

    return s3.Bucket.from_bucket_name(scope, f"bucket-{name}", name)


def _more_cases() -> dict[str, Callable[[Any], Any]]:
    """The constructs of the families added later: ECS, EKS, EMR (on EC2 and on EKS), SageMaker,
    Scheduler, Bedrock customization, Glue crawlers, CodeBuild batches, HTTP APIs."""
    from aws_cdk import Size
    from aws_cdk import aws_bedrock as bedrock
    from aws_cdk import aws_codebuild as codebuild
    from aws_cdk import aws_ec2 as ec2
    from aws_cdk import aws_ecs as ecs
    from aws_cdk import aws_eks as eks
    from aws_cdk import aws_stepfunctions as sfn
    from aws_cdk import aws_stepfunctions_tasks as tasks

    def task_definition(s: Any) -> Any:
        # EcsRunTask takes a task definition of this stack (an imported one is refused).
        definition = ecs.FargateTaskDefinition(s, "td", family="etl", task_role=_role(s, "etl-task"),
                                               execution_role=_role(s, "etl-exec"))
        definition.add_container("etl", image=ecs.ContainerImage.from_registry("public.ecr.aws/docker/library/busybox"))
        return definition

    def cluster(s: Any) -> Any:
        vpc = ec2.Vpc.from_vpc_attributes(s, "vpc", vpc_id="vpc-0a1b2c3d4e5f67890", availability_zones=["us-east-1a"],
                                          private_subnet_ids=["subnet-0a1b2c3d4e5f67890"],
                                          private_subnet_route_table_ids=["rtb-0a1b2c3d4e5f67890"])
        return ecs.Cluster.from_cluster_attributes(
            s, "cluster", cluster_name="jobs", cluster_arn=f"arn:aws:ecs:{REGION}:{ACCOUNT}:cluster/jobs", vpc=vpc)

    def ecs_run(s: Any, pattern: Any, revision: str | None = REVISION) -> Any:
        return tasks.EcsRunTask(
            s, "T", cluster=cluster(s), task_definition=task_definition(s), integration_pattern=pattern,
            revision_number=None if revision is None else int(revision),
            launch_target=tasks.EcsFargateLaunchTarget(platform_version=ecs.FargatePlatformVersion.LATEST))

    def eks_cluster(s: Any) -> Any:
        return eks.Cluster.from_cluster_attributes(
            s, "eks", cluster_name="analytics", cluster_endpoint="https://ABC.gr7.us-east-1.eks.amazonaws.com",
            cluster_certificate_authority_data="Q0VSVA==")

    def emr_on_eks(s: Any, pattern: Any) -> Any:
        return tasks.EmrContainersStartJobRun(
            s, "T", virtual_cluster=tasks.VirtualClusterInput.from_virtual_cluster_id("vc0123456789"),
            release_label=tasks.ReleaseLabel.EMR_6_2_0, job_name="nightly", integration_pattern=pattern,
            execution_role=_role(s, "emr-job"),
            job_driver=tasks.JobDriver(spark_submit_job_driver=tasks.SparkSubmitJobDriver(
                entry_point=sfn.TaskInput.from_text("local:///usr/lib/spark/examples/src/main/python/pi.py"))))

    def s3_location(s: Any, bucket: str, prefix: str) -> Any:
        return tasks.S3Location.from_bucket(_bucket(s, bucket), prefix)

    image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/xgboost:1"
    return {
        "ecs_run": lambda s: ecs_run(s, sfn.IntegrationPattern.REQUEST_RESPONSE),
        "ecs_run_sync": lambda s: ecs_run(s, sfn.IntegrationPattern.RUN_JOB),
        "ecs_run_family": lambda s: ecs_run(s, sfn.IntegrationPattern.RUN_JOB, revision=None),
        "eks_call": lambda s: tasks.EksCall(
            s, "T", cluster=eks_cluster(s), http_method=tasks.HttpMethods.GET, http_path="/api/v1/namespaces/default/pods"),
        "emr_containers_start": lambda s: emr_on_eks(s, sfn.IntegrationPattern.REQUEST_RESPONSE),
        "emr_containers_start_sync": lambda s: emr_on_eks(s, sfn.IntegrationPattern.RUN_JOB),
        "emr_containers_create": lambda s: tasks.EmrContainersCreateVirtualCluster(
            s, "T", eks_cluster=tasks.EksClusterInput.from_cluster(eks_cluster(s)), eks_namespace="spark",
            virtual_cluster_name="analytics"),
        "emr_containers_delete_sync": lambda s: tasks.EmrContainersDeleteVirtualCluster(
            s, "T", virtual_cluster_id=sfn.TaskInput.from_text("vc0123456789"),
            integration_pattern=sfn.IntegrationPattern.RUN_JOB),
        "emr_create_cluster_sync": lambda s: tasks.EmrCreateCluster(
            s, "T", name="nightly", instances=tasks.EmrCreateCluster.InstancesConfigProperty(),
            cluster_role=_role(s, "EMR_EC2_DefaultRole"), service_role=_role(s, "EMR_DefaultRole"),
            auto_scaling_role=_role(s, "EMR_AutoScaling_DefaultRole"), release_label="emr-6.15.0"),
        "emr_cancel_step": lambda s: tasks.EmrCancelStep(s, "T", cluster_id="j-123", step_id="s-456"),
        "emr_modify_fleet": lambda s: tasks.EmrModifyInstanceFleetByName(
            s, "T", cluster_id="j-123", instance_fleet_name="core", target_on_demand_capacity=2,
            target_spot_capacity=0),
        "emr_modify_group": lambda s: tasks.EmrModifyInstanceGroupByName(
            s, "T", cluster_id="j-123", instance_group_name="core",
            instance_group=tasks.EmrModifyInstanceGroupByName.InstanceGroupModifyConfigProperty(instance_count=2)),
        "emr_protect": lambda s: tasks.EmrSetClusterTerminationProtection(
            s, "T", cluster_id="j-123", termination_protected=True),
        "apigw_http_iam": lambda s: tasks.CallApiGatewayHttpApiEndpoint(
            s, "T", api_id="a1b2c3d4e5", api_stack=s, stage_name="prod", method=tasks.HttpMethod.POST,
            api_path="/orders", auth_type=tasks.AuthType.IAM_ROLE),
        "glue_crawler": lambda s: tasks.GlueStartCrawlerRun(s, "T", crawler_name="sales"),
        "codebuild_batch_sync": lambda s: tasks.CodeBuildStartBuildBatch(
            s, "T", project=codebuild.Project.from_project_name(s, "project", "builder"),
            integration_pattern=sfn.IntegrationPattern.RUN_JOB),
        "scheduler_create": lambda s: tasks.EventBridgeSchedulerCreateScheduleTask(
            s, "T", schedule_name="reminder", group_name="orders",
            schedule=tasks.Schedule.rate(__import__("aws_cdk").Duration.hours(1)),
            target=tasks.EventBridgeSchedulerTarget(
                arn=f"arn:aws:sqs:{REGION}:{ACCOUNT}:jobs", role=_role(s, "scheduler-target"))),
        "scheduler_create_default_group": lambda s: tasks.EventBridgeSchedulerCreateScheduleTask(
            s, "T", schedule_name="reminder", schedule=tasks.Schedule.rate(__import__("aws_cdk").Duration.hours(1)),
            target=tasks.EventBridgeSchedulerTarget(
                arn=f"arn:aws:sqs:{REGION}:{ACCOUNT}:jobs", role=_role(s, "scheduler-target"))),
        "bedrock_customize_sync": lambda s: tasks.BedrockCreateModelCustomizationJob(
            s, "T", base_model=bedrock.FoundationModel.from_foundation_model_id(
                s, "model", bedrock.FoundationModelIdentifier.AMAZON_TITAN_TEXT_G1_EXPRESS_V1),
            custom_model_name="titan-orders", job_name="tune-orders", role=_role(s, "bedrock-tune"),
            training_data=tasks.TrainingBucketConfiguration(bucket=_bucket(s, "tuning-in"), path="train.jsonl"),
            output_data=tasks.OutputBucketConfiguration(bucket=_bucket(s, "tuning-out"), path="out/"),
            validation_data=[tasks.ValidationBucketConfiguration(bucket=_bucket(s, "tuning-valid"), path="valid.jsonl")],
            integration_pattern=sfn.IntegrationPattern.RUN_JOB),
        "sagemaker_training_sync": lambda s: tasks.SageMakerCreateTrainingJob(
            s, "T", training_job_name="train", role=_role(s, "sm-train"),
            integration_pattern=sfn.IntegrationPattern.RUN_JOB,
            algorithm_specification=tasks.AlgorithmSpecification(
                training_image=tasks.DockerImage.from_registry(image)),
            input_data_config=[tasks.Channel(channel_name="train", data_source=tasks.DataSource(
                s3_data_source=tasks.S3DataSource(s3_location=s3_location(s, "ml-data", "train/"))))],
            output_data_config=tasks.OutputDataConfig(s3_output_location=s3_location(s, "ml-models", "out/"))),
        "sagemaker_transform_sync": lambda s: tasks.SageMakerCreateTransformJob(
            s, "T", transform_job_name="score", model_name="churn", role=_role(s, "sm-transform"),
            integration_pattern=sfn.IntegrationPattern.RUN_JOB,
            transform_input=tasks.TransformInput(transform_data_source=tasks.TransformDataSource(
                s3_data_source=tasks.TransformS3DataSource(s3_uri="s3://ml-data/score/"))),
            transform_output=tasks.TransformOutput(s3_output_path="s3://ml-data/scored/"),
            max_payload=Size.mebibytes(6)),
        "sagemaker_model": lambda s: tasks.SageMakerCreateModel(
            s, "T", model_name="churn", role=_role(s, "sm-model"),
            primary_container=tasks.ContainerDefinition(image=tasks.DockerImage.from_registry(image))),
        "sagemaker_endpoint_config": lambda s: tasks.SageMakerCreateEndpointConfig(
            s, "T", endpoint_config_name="churn-config", production_variants=[tasks.ProductionVariant(
                model_name="churn", variant_name="main", instance_type=ec2.InstanceType("m5.large"))]),
        "sagemaker_endpoint": lambda s: tasks.SageMakerCreateEndpoint(
            s, "T", endpoint_name="churn", endpoint_config_name="churn-config"),
        "sagemaker_update_endpoint": lambda s: tasks.SageMakerUpdateEndpoint(
            s, "T", endpoint_name="churn", endpoint_config_name="churn-config-2"),
    }


def _s3(scope: Any, bucket: str, key: str) -> Any:
    from aws_cdk import aws_s3 as s3

    return s3.Location(bucket_name=bucket, object_key=key)


@pytest.fixture(scope="module")
def built() -> dict[str, tuple[dict[str, Any], set[tuple[str, str]]]]:
    return build(_cases())


def build(cases: dict[str, Callable[[Any], Any]]) -> dict[str, tuple[dict[str, Any], set[tuple[str, str]]]]:
    """case -> (the state's ASL as CDK renders it, CDK's (action, resource) pairs)."""
    from aws_cdk import App, Environment, Stack
    from aws_cdk import aws_stepfunctions as sfn
    from aws_cdk.assertions import Template

    from compiler.packaged import cdk_context

    app = App(context=cdk_context())  # the pinned feature flags, as a synth outside any project
    out: dict[str, tuple[dict[str, Any], set[tuple[str, str]]]] = {}
    states: dict[str, Any] = {}
    for case, make in cases.items():
        stack = Stack(app, case.replace("_", "-"), env=Environment(account=ACCOUNT, region=REGION))
        task = make(stack)
        CONSTRUCTS.add(type(task).__name__)
        sfn.StateMachine(stack, "M", state_machine_name=case, definition_body=sfn.DefinitionBody.from_chainable(task))
        states[case] = (stack, task)
    for case, (stack, task) in states.items():
        template = Template.from_stack(stack).to_json()
        refs = _known_arns(template)
        state = _render(stack.resolve(task.to_state_json()), refs)
        pairs: set[tuple[str, str]] = set()
        for resource in template["Resources"].values():
            if resource["Type"] != "AWS::IAM::Policy":
                continue
            for statement in resource["Properties"]["PolicyDocument"]["Statement"]:
                actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
                targets = statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
                pairs |= {(a.lower(), str(_render(t, refs))) for a in actions for t in targets}
        out[case] = (state, pairs)
    return out


def _declared_spec(case: str, state: dict[str, Any]) -> str:
    """A spec whose one task is CDK's state, its task definition declared with the case's roles."""
    import json

    task_role, execution_role = ROLE_FORMS[case]
    parameters = {**state["Parameters"], "TaskDefinition": "${etl.arn}"}
    return f"""\
version: 1
parameters:
  task_role: {{default: "arn:aws:iam::{ACCOUNT}:role/etl-task"}}
  execution_role: {{default: "arn:aws:iam::{ACCOUNT}:role/etl-exec"}}
resources:
  etl_task: {{type: role, existing: {{role_arn: "arn:aws:iam::{ACCOUNT}:role/etl-task"}}}}
  etl_exec: {{type: role, existing: {{role_arn: "arn:aws:iam::{ACCOUNT}:role/etl-exec"}}}}
  etl:
    type: task_definition
    existing: {{family: etl, revision: {REVISION}}}
    task_role: "{task_role}"
    execution_role: "{execution_role}"
state_machines:
  {case}:
    states:
      T:
        type: task
        resource: {state["Resource"]}
        parameters: {json.dumps(parameters)}
"""


def _declared(case: str, state: dict[str, Any], tmp: Path) -> list[Any]:
    """Our statements for the case's state with its task definition declared in a spec."""
    from compiler.iam import machine_statements
    from compiler.pipeline import compile_spec
    from compiler.refs import replace_refs

    spec = tmp / f"{case}.yaml"
    spec.write_text(_declared_spec(case, state), encoding="utf-8")
    compiled = compile_spec(spec)
    assert compiled.program is not None and not compiled.report.has_errors, compiled.report.sorted()
    program = compiled.program
    found = machine_statements(program, program.machines[case])
    # A spec role's ``${key.arn}`` as the ARN it imports (pseudo parameters stay for ``_ours``).
    return [replace(s, resources=tuple(str(replace_refs(r, program.local_value)) for r in s.resources)) for s in found]


def _our_pairs(case: str, state: dict[str, Any]) -> set[tuple[str, str]]:
    definition = {"StartAt": "T", "States": {"T": {**state, "End": True}}}
    if case in ROLE_FORMS:
        with tempfile.TemporaryDirectory() as tmp:
            found = _declared(case, state, Path(tmp))
    else:
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
        for action, resource in sorted(_our_pairs(case, state)):
            if not _allowed((action, resource), theirs):
                broader.append(f"{case}: {action} on {resource}")
    assert not broader, "\n".join(broader)


def test_with_the_task_definition_declared_ecs_grants_exactly_what_cdk_grants(
    built: dict[str, tuple[dict[str, Any], set[tuple[str, str]]]],
) -> None:
    for case in ROLE_FORMS:
        state, theirs = built[case]
        ours = _our_pairs(case, state)
        for action in ("ecs:runtask", "iam:passrole"):
            assert {p for p in ours if p[0] == action} == {p for p in theirs if p[0] == action}, (case, action)
        with tempfile.TemporaryDirectory() as tmp:
            passes = [s for s in _declared(case, state, Path(tmp)) if "iam:PassRole" in s.actions]
        # And narrower in one way CDK is not: the roles go only to ECS tasks.
        assert all(s.condition_block() == {"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}}
                   for s in passes), case


def test_without_the_declaration_ecs_passes_any_role_only_to_ecs_tasks_and_says_why(
    built: dict[str, tuple[dict[str, Any], set[tuple[str, str]]]],
) -> None:
    from compiler.iam.families import task_notes

    for case in ROLE_FORMS:
        state = built[case][0]
        definition = {"StartAt": "T", "States": {"T": {**state, "End": True}}}
        ctx = Context(case, {case: "state_machine"})
        passes = [s for s in statements(definition, {}, ctx) if "iam:PassRole" in s.actions]
        assert [s.resources for s in passes] == [("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*",)], case
        assert passes[0].condition_block() == {"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}}
        assert passes[0].reasons, case  # compiler iam lists the wildcard with why
        (message, hint), = task_notes("T", state, ctx)  # W422 at the task's line, with what to declare
        assert "type: task_definition" in hint and "TaskDefinition: ${etl.arn}" in hint, hint
        assert "ecs-tasks.amazonaws.com" in message


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


def test_every_typed_construct_of_cdk_is_compared(built: dict[str, Any]) -> None:
    from aws_cdk import aws_stepfunctions as sfn
    from aws_cdk import aws_stepfunctions_tasks as tasks

    typed = {name for name in dir(tasks)
             if isinstance(getattr(tasks, name), type) and issubclass(getattr(tasks, name), sfn.TaskStateBase)}
    assert typed - NOT_INTEGRATIONS - CONSTRUCTS == set()


def test_every_wildcard_of_ours_has_its_reason(built: dict[str, tuple[dict[str, Any], set[tuple[str, str]]]]) -> None:
    from compiler.iam.wildcards import UNEXPLAINED, wildcards

    unexplained = []
    for case, (state, _) in built.items():
        definition = {"StartAt": "T", "States": {"T": {**state, "End": True}}}
        found = wildcards(statements(definition, {}, Context(case, {case: "state_machine"})))
        unexplained += [f"{case}: {w['resource']}" for w in found if w["reasons"] == [UNEXPLAINED]]
    assert not unexplained, "\n".join(unexplained)
