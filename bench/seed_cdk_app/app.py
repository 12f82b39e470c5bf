"""The seed system, written by hand with typed CDK v2 constructs.

This is the baseline a user would write without the compiler: the system of the seed blog post
(shared/seed/), ported from CDK v1 to v2. It is the baseline of the synth benchmark, and its
synthesized template is the cfn-lint baseline (bench/fixtures/seed-template.json, see
bench/README.md).

    cd bench/seed_cdk_app && npx cdk synth --no-notices -q      # through the CLI (reads cdk.json)
    python bench/seed_cdk_app/app.py OUTDIR                      # directly (same context)
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from aws_cdk import App, Duration, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_stepfunctions as sfn
from aws_cdk import aws_stepfunctions_tasks as tasks
from constructs import Construct

HERE = Path(__file__).resolve().parent
HANDLERS = HERE.parent.parent / "handlers"
# The post's layer ARN was kept in an uncommitted settings file; override with -c layer_arn=...
DEFAULT_LAYER_ARN = "arn:aws:lambda:us-east-1:668099181075:layer:AWSLambda-Python37-SciPy1x:115"
ASSET_EXCLUDE = ["__pycache__", "*.pyc"]


class StepFunctionsStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, **kwargs: object) -> None:
        super().__init__(scope, construct_id, **kwargs)  # type: ignore[arg-type]

        bucket = s3.Bucket(
            self,
            "S3 Bucket",
            bucket_name="sfn-bucket-by-aws-cdk",
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            enforce_ssl=True,
            encryption=s3.BucketEncryption.S3_MANAGED,
        )

        policy = iam.ManagedPolicy(
            self,
            "Managed Policy",
            managed_policy_name="sfn_lambda_policy",
            statements=[
                iam.PolicyStatement(
                    effect=iam.Effect.ALLOW,
                    actions=["s3:PutObject"],
                    resources=[f"{bucket.bucket_arn}/*"],
                )
            ],
        )
        role = iam.Role(
            self,
            "Role",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            role_name="sfn_lambda_role",
            managed_policies=[policy],
        )

        layer_arn = self.node.try_get_context("layer_arn") or DEFAULT_LAYER_ARN
        layer = lambda_.LayerVersion.from_layer_version_arn(self, "sfn_scipy_layer_for_first", layer_arn)

        first = lambda_.Function(
            self,
            "id_first",
            code=lambda_.Code.from_asset(str(HANDLERS / "first"), exclude=ASSET_EXCLUDE),
            handler="lambda_function.lambda_handler",
            runtime=lambda_.Runtime.PYTHON_3_12,
            environment={"BUCKET_NAME": bucket.bucket_name},
            function_name="sfn_first_lambda",
            layers=[layer],
            memory_size=128,
            role=role,
            timeout=Duration.seconds(10),
        )

        def other_lambda(name: str) -> lambda_.Function:
            return lambda_.Function(
                self,
                f"id_{name}",
                code=lambda_.Code.from_asset(str(HANDLERS / name), exclude=ASSET_EXCLUDE),
                handler="lambda_function.lambda_handler",
                runtime=lambda_.Runtime.PYTHON_3_12,
                function_name=f"sfn_{name}_lambda",
                memory_size=128,
                timeout=Duration.seconds(10),
            )

        second = other_lambda("second")
        third = other_lambda("third")
        error = other_lambda("error")

        # --- sub state machine -------------------------------------------------------------
        error_task = tasks.LambdaInvoke(
            self,
            "Error Task",
            lambda_function=error,
            payload_response_only=True,
            retry_on_service_exceptions=False,
        )
        second_task = tasks.LambdaInvoke(
            self,
            "Second Task",
            lambda_function=second,
            payload_response_only=True,
            retry_on_service_exceptions=False,
            input_path="$['first_result','parallel_no','message','context_name','const_value']",
            result_path="$.second_result",
            output_path="$['second_result','parallel_no']",
        )
        second_task.add_catch(error_task, errors=["States.ALL"])
        third_task = tasks.LambdaInvoke(
            self,
            "Third Task",
            lambda_function=third,
            payload_response_only=True,
            retry_on_service_exceptions=False,
            result_path="$",
        )
        third_task.add_catch(error_task, errors=["States.ALL"])

        sub = sfn.StateMachine(
            self,
            "Sub StateMachine",
            definition_body=sfn.DefinitionBody.from_chainable(second_task.next(third_task)),
            state_machine_name="sfn_sub_state_machine",
        )

        # --- main state machine ------------------------------------------------------------
        first_task = tasks.LambdaInvoke(
            self,
            "S3 Lambda Task",
            lambda_function=first,
            payload_response_only=True,
            retry_on_service_exceptions=False,
            payload=sfn.TaskInput.from_object({"message": "Hello world"}),
            comment="Main StateMachine",
        )
        parallel = sfn.Parallel(self, "Parallel Task")
        for i in range(1, 4):
            parallel.branch(
                tasks.StepFunctionsStartExecution(
                    self,
                    f"Sub Task {i}",
                    state_machine=sub,
                    integration_pattern=sfn.IntegrationPattern.REQUEST_RESPONSE,
                    input=sfn.TaskInput.from_object(
                        {
                            "parallel_no": i,
                            "first_result.$": "$",
                            "message.$": "$.message",
                            "context_name.$": "$$.State.Name",
                            "const_value": "ham",
                            "ignore_value": "ignore",
                        }
                    ),
                )
            )

        sfn.StateMachine(
            self,
            "Main StateMachine",
            definition_body=sfn.DefinitionBody.from_chainable(first_task.next(parallel)),
            state_machine_name="sfn_main_state_machine",
        )


def main() -> None:
    outdir = sys.argv[1] if len(sys.argv) > 1 else None
    context = None
    if "CDK_CONTEXT_JSON" not in os.environ:
        # Run without the CLI: use the same pinned feature flags the CLI would pass from cdk.json.
        context = json.loads((HERE / "cdk.json").read_text())["context"]
    app = App(outdir=outdir, context=context)
    StepFunctionsStack(app, "StepFunctionsStack")
    app.synth()


if __name__ == "__main__":
    main()
