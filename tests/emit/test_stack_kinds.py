"""Resource kinds and options the seed does not use: imports, a layer from a folder, destroy,
KMS, express machines with logging and tracing, a distributed map's own ARN (no cycle)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.emit.conftest import REPO

SPEC = """
version: 1
parameters:
  stage: {default: dev}
stack: {name: kinds, tags: {team: data}}
resources:
  logs_bucket: {type: bucket, existing: {bucket_name: "logs-${params.stage}"}}
  scratch: {type: bucket, removal_policy: destroy, versioned: true, encryption: kms_managed}
  ext_role: {type: role, existing: {role_arn: "arn:aws:iam::123456789012:role/ext"}}
  ext_fn: {type: function, existing: {function_arn: "arn:aws:lambda:us-east-1:123456789012:function:ext"}}
  ext_machine: {type: state_machine, existing: {state_machine_arn: "arn:aws:states:us-east-1:123456789012:stateMachine:ext"}}
  libs: {type: layer, code: handlers, compatible_runtimes: [python3.12]}
  worker:
    type: function
    code: handlers/second
    handler: lambda_function.lambda_handler
    architecture: arm64
    layers: [libs]
    environment: {LOGS: "${logs_bucket.name}", STAGE: "${params.stage}"}
state_machines:
  fast:
    type: express
    logging: {level: all, include_execution_data: true}
    tracing: true
    states:
      Call: {type: task, invoke: ext_fn}
  fan:
    states:
      Start: {type: task, start_execution: ext_machine, integration: sync}
      Each:
        type: map
        item_processor:
          processor_config: {mode: distributed, execution_type: standard}
          states:
            Work: {type: task, invoke: worker}
        end: true
"""


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from aws_cdk.assertions import Template

    from compiler.emit.stack import WorkflowStack
    from compiler.emit.stack_app import make_app
    from compiler.pipeline import compile_spec

    folder = tmp_path_factory.mktemp("kinds")
    (folder / "handlers").mkdir()
    (folder / "handlers" / "second").symlink_to(REPO / "handlers" / "second")
    spec = folder / "kinds.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    compiled = compile_spec(spec)
    assert compiled.program is not None, [d.message for d in compiled.report.diagnostics]
    stack = WorkflowStack(make_app(str(folder / "out")), compiled.program, folder)
    out: dict[str, Any] = Template.from_stack(stack).to_json()
    return out


def of(template: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [r for r in template["Resources"].values() if r["Type"] == kind]


def test_existing_resources_create_nothing(template: dict[str, Any]) -> None:
    assert len(of(template, "AWS::S3::Bucket")) == 1  # only `scratch`
    assert len(of(template, "AWS::Lambda::Function")) == 2  # worker + the auto-delete handler
    machines = of(template, "AWS::StepFunctions::StateMachine")
    assert len(machines) == 2


def test_destroy_bucket_empties_itself_and_uses_kms(template: dict[str, Any]) -> None:
    (bucket,) = of(template, "AWS::S3::Bucket")
    assert bucket["DeletionPolicy"] == "Delete"
    assert bucket["Properties"]["VersioningConfiguration"] == {"Status": "Enabled"}
    sse = bucket["Properties"]["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]
    assert sse["ServerSideEncryptionByDefault"]["SSEAlgorithm"] == "aws:kms"
    assert of(template, "Custom::S3AutoDeleteObjects")


def test_function_with_folder_layer_arm_and_resolved_environment(template: dict[str, Any]) -> None:
    worker = next(f for f in of(template, "AWS::Lambda::Function") if f["Properties"].get("Handler") ==
                  "lambda_function.lambda_handler")["Properties"]
    assert worker["Architectures"] == ["arm64"]
    assert worker["Environment"]["Variables"] == {"LOGS": "logs-dev", "STAGE": "dev"}
    assert len(worker["Layers"]) == 1 and "Ref" in worker["Layers"][0]
    assert of(template, "AWS::Lambda::LayerVersion")


def test_express_machine_logs_traces_and_machines_get_exact_iam(template: dict[str, Any]) -> None:
    fast = next(m["Properties"] for m in of(template, "AWS::StepFunctions::StateMachine")
                if m["Properties"]["StateMachineType"] == "EXPRESS")
    assert fast["TracingConfiguration"] == {"Enabled": True}
    assert fast["LoggingConfiguration"]["Level"] == "ALL"
    assert fast["LoggingConfiguration"]["IncludeExecutionData"] is True
    text = json.dumps(template)
    assert "arn:aws:lambda:us-east-1:123456789012:function:ext:*" in text
    assert "arn:aws:states:us-east-1:123456789012:stateMachine:ext" in text
    assert "StepFunctionsGetEventsForStepFunctionsExecutionRule" in text


def test_distributed_map_gets_its_own_arn_by_name_without_a_cycle(template: dict[str, Any]) -> None:
    fan = next(m for m in of(template, "AWS::StepFunctions::StateMachine")
               if m["Properties"]["StateMachineType"] == "STANDARD")
    assert fan["Properties"]["StateMachineName"] == "kinds-fan"
    policies = json.dumps([p for p in of(template, "AWS::IAM::Policy")])
    assert ":stateMachine:kinds-fan" in policies and ":execution:kinds-fan/*" in policies
    assert "Tags" in json.dumps(fan) and '"team"' in json.dumps(fan)
