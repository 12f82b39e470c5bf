"""The IAM registry, one table per integration module; pure Python (no aws_cdk)."""

from __future__ import annotations

from typing import Any

import pytest

from compiler.iam import FAMILIES, Context, Statement, UnsupportedIntegration, statements
from compiler.refs import Ref

P = "arn:${AWS::Partition}"
HERE = "${AWS::Region}:${AWS::AccountId}"
KINDS = {"fn": "function", "child": "state_machine", "me": "state_machine", "data": "bucket"}
SUBS = {
    "fn_arn": Ref("fn", "arn"),
    "fn_name": Ref("fn", "name"),
    "child_arn": Ref("child", "arn"),
    "data_name": Ref("data", "name"),
}


def run(state: dict[str, Any]) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    definition = {"StartAt": "S", "States": {"S": {**state, "End": True}}}
    return [(s.actions, s.resources) for s in statements(definition, SUBS, Context("me", KINDS))]


CASES: list[tuple[str, dict[str, Any], list[tuple[tuple[str, ...], tuple[str, ...]]]]] = [
    ("function ARN as resource", {"Type": "Task", "Resource": "${fn_arn}"},
     [(("lambda:InvokeFunction",), ("${fn.arn}", "${fn.arn}:*"))]),
    ("lambda:invoke by reference", {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                                    "Parameters": {"FunctionName": "${fn_arn}", "Payload.$": "$"}},
     [(("lambda:InvokeFunction",), ("${fn.arn}", "${fn.arn}:*"))]),
    ("lambda:invoke by name reference (JSONata Arguments)",
     {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
      "Arguments": {"FunctionName": "${fn_name}", "Payload": "{% $states.input %}"}},
     [(("lambda:InvokeFunction",), ("${fn.arn}", "${fn.arn}:*"))]),
    ("lambda:invoke by literal qualified name", {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                                                 "Parameters": {"FunctionName": "other:prod"}},
     [(("lambda:InvokeFunction",), (f"{P}:lambda:{HERE}:function:other", f"{P}:lambda:{HERE}:function:other:*"))]),
    ("lambda:invoke by literal ARN", {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                                      "Parameters": {"FunctionName": "arn:aws:lambda:eu-west-1:111122223333:function:f:3"}},
     [(("lambda:InvokeFunction",), ("arn:aws:lambda:eu-west-1:111122223333:function:f",
                                    "arn:aws:lambda:eu-west-1:111122223333:function:f:*"))]),
    ("lambda:invoke decided at run time", {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                                           "Parameters": {"FunctionName.$": "$.fn"}},
     [(("lambda:InvokeFunction",), (f"{P}:lambda:{HERE}:function:*",))]),
    ("startExecution fire and forget", {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution",
                                        "Parameters": {"StateMachineArn": "${child_arn}", "Input.$": "$"}},
     [(("states:StartExecution",), ("${child.arn}",))]),
    ("startExecution callback", {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.waitForTaskToken",
                                 "Parameters": {"StateMachineArn": "${child_arn}"}},
     [(("states:StartExecution",), ("${child.arn}",))]),
    ("startExecution .sync:2", {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2",
                                "Parameters": {"StateMachineArn": "${child_arn}"}},
     [(("events:DescribeRule", "events:PutRule", "events:PutTargets"),
       (f"{P}:events:{HERE}:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule",)),
      (("states:DescribeExecution", "states:StopExecution"), (f"{P}:states:{HERE}:execution:${{child.name}}:*",)),
      (("states:StartExecution",), ("${child.arn}",))]),
    ("startExecution .sync of a literal ARN", {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync",
                                               "Parameters": {"StateMachineArn": "arn:aws:states:eu-west-1:111122223333:stateMachine:x"}},
     [(("events:DescribeRule", "events:PutRule", "events:PutTargets"),
       (f"{P}:events:{HERE}:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule",)),
      (("states:DescribeExecution", "states:StopExecution"), ("arn:aws:states:eu-west-1:111122223333:execution:x:*",)),
      (("states:StartExecution",), ("arn:aws:states:eu-west-1:111122223333:stateMachine:x",))]),
    ("aws-sdk s3 getObject on a spec bucket", {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:getObject",
                                               "Parameters": {"Bucket": "${data_name}", "Key": "in.json"}},
     [(("s3:GetObject",), ("${data.arn}/in.json",))]),
    ("aws-sdk s3 listObjectsV2 is s3:ListBucket", {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:listObjectsV2",
                                                   "Parameters": {"Bucket": "b"}},
     [(("s3:ListBucket",), (f"{P}:s3:::b",))]),
    ("aws-sdk dynamodb query", {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:dynamodb:query",
                                "Parameters": {"TableName": "t"}},
     [(("dynamodb:Query",), (f"{P}:dynamodb:{HERE}:table/t",))]),
    ("aws-sdk sfn maps to states", {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:sfn:describeExecution",
                                    "Parameters": {"ExecutionArn.$": "$.arn"}},
     [(("states:DescribeExecution",), (f"{P}:states:{HERE}:execution:*:*", f"{P}:states:{HERE}:express:*:*:*"))]),
    ("aws-sdk unknown service: documented broad resource, one action",
     {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:ec2:describeInstances", "Parameters": {}},
     [(("ec2:DescribeInstances",), ("*",))]),
    ("sns publish", {"Type": "Task", "Resource": "arn:aws:states:::sns:publish",
                     "Parameters": {"TopicArn": "arn:aws:sns:us-east-1:111122223333:t", "Message.$": "$"}},
     [(("sns:Publish",), ("arn:aws:sns:us-east-1:111122223333:t",))]),
    ("sqs sendMessage from the queue URL", {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
                                            "Parameters": {"QueueUrl": "https://sqs.eu-west-1.amazonaws.com/111122223333/q"}},
     [(("sqs:SendMessage",), (f"{P}:sqs:eu-west-1:111122223333:q",))]),
    ("dynamodb putItem", {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem",
                          "Parameters": {"TableName": "t", "Item": {}}},
     [(("dynamodb:PutItem",), (f"{P}:dynamodb:{HERE}:table/t",))]),
    ("events putEvents on the default bus", {"Type": "Task", "Resource": "arn:aws:states:::events:putEvents",
                                             "Parameters": {"Entries": [{"Detail": {}, "Source": "s"}]}},
     [(("events:PutEvents",), (f"{P}:events:{HERE}:event-bus/default",))]),
    ("activity needs nothing", {"Type": "Task", "Resource": "arn:aws:states:us-east-1:111122223333:activity:a"}, []),
    # A resource the call makes (a job run): the parts the parameters name stay, only the rest is *.
    ("emr on eks job run .sync: that cluster's job runs, no PassRole",
     {"Type": "Task", "Resource": "arn:aws:states:::emr-containers:startJobRun.sync",
      "Parameters": {"VirtualClusterId": "vc1", "ExecutionRoleArn": "arn:aws:iam::111122223333:role/job"}},
     [(("emr-containers:CancelJobRun",), (f"{P}:emr-containers:{HERE}:/virtualclusters/vc1/jobruns/*",)),
      (("emr-containers:DescribeJobRun",), (f"{P}:emr-containers:{HERE}:/virtualclusters/vc1/jobruns/*",)),
      (("emr-containers:StartJobRun",), (f"{P}:emr-containers:{HERE}:/virtualclusters/vc1",))]),
    ("emr on eks delete names the cluster by Id", {"Type": "Task", "Resource": "arn:aws:states:::emr-containers:deleteVirtualCluster",
                                                   "Parameters": {"Id": "vc1"}},
     [(("emr-containers:DeleteVirtualCluster",), (f"{P}:emr-containers:{HERE}:/virtualclusters/vc1",))]),
    ("scheduler createSchedule without a group is in the default group",
     {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:scheduler:createSchedule",
      "Parameters": {"Name": "r", "ScheduleExpression": "rate(1 hour)", "FlexibleTimeWindow": {"Mode": "OFF"},
                     "Target": {"Arn": "arn:aws:sqs:us-east-1:111122223333:q", "RoleArn": "arn:aws:iam::111122223333:role/t"}}},
     [(("iam:PassRole",), ("arn:aws:iam::111122223333:role/t",)),
      (("scheduler:CreateSchedule",), (f"{P}:scheduler:{HERE}:schedule/default/r",))]),
    ("scheduler createScheduleGroup: its Name is the group's, no default group",
     {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:scheduler:createScheduleGroup", "Parameters": {"Name": "ops"}},
     [(("scheduler:CreateScheduleGroup",), (f"{P}:scheduler:{HERE}:schedule-group/ops",))]),
    ("scheduler getSchedule in a named group", {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:scheduler:getSchedule",
                                                "Parameters": {"Name": "r", "GroupName": "ops"}},
     [(("scheduler:GetSchedule",), (f"{P}:scheduler:{HERE}:schedule/ops/r",))]),
    ("glue startCrawler names the crawler", {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:glue:startCrawler",
                                             "Parameters": {"Name": "sales"}},
     [(("glue:StartCrawler",), (f"{P}:glue:{HERE}:crawler/sales",))]),
    ("sagemaker createModel: ListTags on the model, AddTags only with Tags",
     {"Type": "Task", "Resource": "arn:aws:states:::sagemaker:createModel",
      "Parameters": {"ModelName": "m", "ExecutionRoleArn": "arn:aws:iam::111122223333:role/sm", "Tags": [{"Key": "a", "Value": "b"}]}},
     [(("iam:PassRole",), ("arn:aws:iam::111122223333:role/sm",)),
      (("sagemaker:AddTags",), (f"{P}:sagemaker:{HERE}:model/m",)),
      (("sagemaker:CreateModel",), (f"{P}:sagemaker:{HERE}:model/m",)),
      (("sagemaker:ListTags",), (f"{P}:sagemaker:{HERE}:model/m",))]),
]


@pytest.mark.parametrize(("state", "expected"), [(c[1], c[2]) for c in CASES], ids=[c[0] for c in CASES])
def test_integration(state: dict[str, Any], expected: list[Any]) -> None:
    assert run(state) == expected


def test_distributed_map_starts_its_own_executions_and_reads_s3() -> None:
    state = {
        "Type": "Map",
        "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
                       "ReaderConfig": {"InputType": "JSON"},
                       "Parameters": {"Bucket": "${data_name}", "Key": "items.json"}},
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                          "StartAt": "Work",
                          "States": {"Work": {"Type": "Task", "Resource": "${fn_arn}", "End": True}}},
        "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject",
                         "Parameters": {"Bucket": "${data_name}", "Prefix": "out/"}},
    }
    assert run(state) == [
        (("lambda:InvokeFunction",), ("${fn.arn}", "${fn.arn}:*")),
        (("s3:AbortMultipartUpload", "s3:GetObject", "s3:ListMultipartUploadParts", "s3:PutObject"),
         ("${data.arn}/out/*",)),
        (("s3:GetObject",), ("${data.arn}/items.json",)),
        (("states:DescribeExecution", "states:RedriveExecution", "states:StopExecution"),
         (f"{P}:states:{HERE}:execution:${{me.name}}/*",)),
        (("states:StartExecution",), ("${me.arn}",)),
    ]


def test_statements_are_merged_per_action_set_and_sorted() -> None:
    definition = {"StartAt": "A", "States": {
        "A": {"Type": "Parallel", "Branches": [
            {"StartAt": "B", "States": {"B": {"Type": "Task", "Resource": "${fn_arn}", "End": True}}},
            {"StartAt": "C", "States": {"C": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                                              "Parameters": {"FunctionName": "${fn_arn}"}, "End": True}}},
        ], "End": True}}}
    assert statements(definition, SUBS, Context("me", KINDS)) == [
        Statement(("lambda:InvokeFunction",), ("${fn.arn}", "${fn.arn}:*"))
    ]


def test_unknown_integration_is_an_error_not_a_silent_gap() -> None:
    with pytest.raises(UnsupportedIntegration, match="glue:startJobRunz") as info:
        run({"Type": "Task", "Resource": "arn:aws:states:::glue:startJobRunz.sync"})
    assert info.value.suggestion == "glue:startJobRun"
    with pytest.raises(UnsupportedIntegration, match=r"does not support '\.sync'"):
        run({"Type": "Task", "Resource": "arn:aws:states:::sns:publish.sync"})
    with pytest.raises(UnsupportedIntegration, match="no IAM action") as info:
        run({"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:dynamodb:putItems"})
    assert info.value.suggestion == "aws-sdk:dynamodb:putItem"


def test_a_star_action_cannot_even_be_constructed() -> None:
    with pytest.raises(ValueError):
        Statement(("s3:*",), ("*",))
    with pytest.raises(ValueError):
        Statement(("*",), ("*",))


def test_every_module_has_the_integration_interface() -> None:
    for module in FAMILIES:
        assert isinstance(module.SERVICE, str) and module.ACTIONS, module.__name__
        assert callable(module.statements), module.__name__


def _map_reading(reader: dict[str, Any]) -> dict[str, Any]:
    return {"Type": "Map", "ItemReader": reader,
            "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                              "StartAt": "W", "States": {"W": {"Type": "Pass", "End": True}}}}


def test_an_item_reader_that_is_not_s3_names_the_state_and_the_resource() -> None:
    state = _map_reading({"Resource": "arn:aws:states:::dynamodb:getItem", "Parameters": {"TableName": "t"}})
    with pytest.raises(UnsupportedIntegration) as info:
        run(state)
    assert (info.value.state, info.value.resource) == ("S", "arn:aws:states:::dynamodb:getItem")
    assert info.value.detail == "an ItemReader reads S3 with getObject or listObjectsV2"


def test_a_run_time_item_reader_key_says_which_field_is_chosen_at_run_time() -> None:
    state = _map_reading({"Resource": "arn:aws:states:::s3:getObject",
                          "Parameters": {"Bucket": "${data_name}", "Key.$": "$.key"}})
    found = statements({"StartAt": "S", "States": {"S": {**state, "End": True}}}, SUBS, Context("me", KINDS))
    read = [s for s in found if s.actions == ("s3:GetObject",)]
    assert [(s.resources, s.reasons) for s in read] == [
        (("${data.arn}/*",), ("state 'S': ItemReader.Key is chosen at run time",))]


@pytest.mark.parametrize("target", [{"StateMachineArn.$": "$.machine"}, {"StateMachineArn": "not-an-arn"}],
                         ids=["chosen at run time", "written as no machine ARN"])
def test_a_child_machine_of_unknown_arn_gets_the_executions_of_any_machine(target: dict[str, str]) -> None:
    # .sync needs DescribeExecution/StopExecution on the child's executions: unknown child, any execution.
    found = run({"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2", "Parameters": target})
    executions = [r for _, resources in found for r in resources if ":execution:" in r]
    assert executions and all(r == f"{P}:states:{HERE}:execution:*" for r in executions), found


def test_a_literal_job_role_of_emr_on_eks_is_a_condition_not_a_pass_role() -> None:
    state = {"Type": "Task", "Resource": "arn:aws:states:::emr-containers:startJobRun",
             "Parameters": {"VirtualClusterId": "vc1", "ExecutionRoleArn": "arn:aws:iam::111122223333:role/job"}}
    found = statements({"StartAt": "S", "States": {"S": {**state, "End": True}}}, {}, Context("me", KINDS))
    assert [s.condition_block() for s in found] == [
        {"ArnEquals": {"emr-containers:ExecutionRoleArn": "arn:aws:iam::111122223333:role/job"}}]


def test_bedrock_customization_tags_on_create_need_tag_resource() -> None:
    state = {"Type": "Task", "Resource": "arn:aws:states:::bedrock:createModelCustomizationJob",
             "Parameters": {"BaseModelIdentifier": "amazon.titan-text-express-v1", "JobTags": [{"Key": "a", "Value": "b"}]}}
    assert ("bedrock:CreateModelCustomizationJob", "bedrock:TagResource") in [actions for actions, _ in run(state)]


@pytest.mark.parametrize(("overrides", "wildcard"), [
    ({}, True),
    ({"TaskRoleArn": "arn:aws:iam::111122223333:role/task"}, True),  # the execution role is still the definition's
    ({"TaskRoleArn": "arn:aws:iam::111122223333:role/task", "ExecutionRoleArn": "arn:aws:iam::111122223333:role/exec"}, False),
])
def test_ecs_passes_any_role_to_ecs_tasks_unless_overrides_name_both(overrides: dict[str, str], wildcard: bool) -> None:
    state = {"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask",
             "Parameters": {"TaskDefinition": "etl:3", "Overrides": overrides}}
    passed = {r for actions, resources in run(state) if actions == ("iam:PassRole",) for r in resources}
    assert ("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*" in passed) is wildcard
    assert set(overrides.values()) <= passed

def _reading(reader: dict[str, Any]) -> list[Statement]:
    found = statements({"StartAt": "S", "States": {"S": {**_map_reading(reader), "End": True}}}, SUBS,
                       Context("me", KINDS))
    return [s for s in found if s.actions[0].startswith("s3:")]


def test_an_item_reader_listing_a_bucket_may_list_under_its_prefix_only() -> None:
    [listing] = _reading({"Resource": "arn:aws:states:::s3:listObjectsV2",
                          "Parameters": {"Bucket": "${data_name}", "Prefix": "in/"}})
    assert (listing.actions, listing.resources, listing.conditions, listing.reasons) == (
        ("s3:ListBucket",), ("${data.arn}",), (("StringLike", "s3:prefix", ("in/*",)),), ())
    [anywhere] = _reading({"Resource": "arn:aws:states:::s3:listObjectsV2",
                           "Parameters": {"Bucket": "${data_name}", "Prefix.$": "$.prefix"}})
    assert (anywhere.resources, anywhere.conditions, anywhere.reasons) == (
        ("${data.arn}",), (), ("state 'S': ItemReader.Prefix is chosen at run time",))


def test_an_item_reader_of_an_inventory_manifest_may_read_the_objects_it_names() -> None:
    # The manifest names objects in any bucket; the Map reads each one.
    [read] = _reading({"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "MANIFEST"},
                       "Parameters": {"Bucket": "${data_name}", "Key": "manifest.json"}})
    assert read.actions == ("s3:GetObject",)
    assert read.resources == ("${data.arn}/manifest.json", "arn:${AWS::Partition}:s3:::*/*")
    assert read.reasons == ("state 'S': the manifest names the objects, read at run time",)
    [plain] = _reading({"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON"},
                        "Parameters": {"Bucket": "${data_name}", "Key": "items.json"}})
    assert plain.resources == ("${data.arn}/items.json",)


@pytest.mark.parametrize(("service", "suggestion"), [("dynamodbb", "aws-sdk:dynamodb"), ("zzzzqqq", None)])
def test_an_unknown_sdk_service_is_refused_with_the_closest_known_name(service: str, suggestion: str | None) -> None:
    with pytest.raises(UnsupportedIntegration) as info:
        run({"Type": "Task", "Resource": f"arn:aws:states:::aws-sdk:{service}:getItem", "Parameters": {}})
    assert (info.value.detail, info.value.suggestion) == (f"AWS's data knows no SDK service '{service}'", suggestion)


def test_a_placeholder_that_names_no_reference_is_kept_as_written() -> None:
    [(_, resources)] = run({"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                            "Parameters": {"FunctionName": "${nope_arn}"}})
    assert resources == (f"{P}:lambda:{HERE}:function:${{nope_arn}}", f"{P}:lambda:{HERE}:function:${{nope_arn}}:*")


def test_bedrock_invoke_reads_and_writes_its_s3_uris() -> None:
    # InvokeModel with Input/Output in S3: the objects named, or any object when chosen at run time.
    state = {"Type": "Task", "Resource": "arn:aws:states:::bedrock:invokeModel",
             "Parameters": {"ModelId": "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1",
                            "Input": {"S3Uri": "s3://in-bucket/prompt.json"},
                            "Output": {"S3Uri.$": "$.target"}}}
    got = dict(run(state))
    assert got[("s3:GetObject",)] == ("arn:${AWS::Partition}:s3:::in-bucket/prompt.json",)
    assert got[("s3:PutObject",)] == ("arn:${AWS::Partition}:s3:::*",)
