"""What the seed's template must show: the resources of the post, wired as the post wires them."""

from __future__ import annotations

import json
from typing import Any

from compiler.asl.definition import to_json
from compiler.refs import fill
from tests.emit.conftest import Synth, synth_copy


def fake(value: Any) -> str:
    """A fake, unique value for a CloudFormation token (what a deploy would put there)."""
    if isinstance(value, dict) and "Fn::GetAtt" in value:
        logical, attr = value["Fn::GetAtt"]
        return f"fake:{logical}:{attr}"
    if isinstance(value, dict) and "Ref" in value:
        return f"fake:{value['Ref']}:Ref"
    assert isinstance(value, str), value
    return value


def logical_id(seed: Synth, kind: str, name_field: str, name: str) -> str:
    matches = [k for k, v in seed.resources(kind).items() if v["Properties"].get(name_field) == name]
    assert len(matches) == 1, (kind, name, matches)
    return matches[0]


def test_bucket_is_secure_and_retained(seed: Synth) -> None:
    buckets = seed.resources("AWS::S3::Bucket")
    assert len(buckets) == 1
    (bucket,) = buckets.values()
    props = bucket["Properties"]
    assert props["BucketName"] == "sfn-bucket-by-aws-cdk"
    assert props["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True,
        "BlockPublicPolicy": True,
        "IgnorePublicAcls": True,
        "RestrictPublicBuckets": True,
    }
    assert props["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]["ServerSideEncryptionByDefault"] == {
        "SSEAlgorithm": "AES256"
    }
    assert bucket["DeletionPolicy"] == "Retain"
    # enforce_ssl: a bucket policy denying requests without TLS.
    (policy,) = seed.resources("AWS::S3::BucketPolicy").values()
    (deny,) = policy["Properties"]["PolicyDocument"]["Statement"]
    assert deny["Effect"] == "Deny" and deny["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}


def test_managed_policy_allows_only_put_object_on_the_bucket(seed: Synth) -> None:
    bucket = logical_id(seed, "AWS::S3::Bucket", "BucketName", "sfn-bucket-by-aws-cdk")
    policies = seed.resources("AWS::IAM::ManagedPolicy")
    assert len(policies) == 1
    (policy,) = policies.values()
    assert policy["Properties"]["ManagedPolicyName"] == "sfn_lambda_policy"
    assert policy["Properties"]["PolicyDocument"]["Statement"] == [
        {
            "Action": "s3:PutObject",
            "Effect": "Allow",
            "Resource": {"Fn::Join": ["", [{"Fn::GetAtt": [bucket, "Arn"]}, "/*"]]},
        }
    ]


def test_role_is_assumed_by_lambda_with_the_policy(seed: Synth) -> None:
    role = seed.template["Resources"][logical_id(seed, "AWS::IAM::Role", "RoleName", "sfn_lambda_role")]
    props = role["Properties"]
    assert props["AssumeRolePolicyDocument"]["Statement"] == [
        {"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}}
    ]
    policy = logical_id(seed, "AWS::IAM::ManagedPolicy", "ManagedPolicyName", "sfn_lambda_policy")
    assert props["ManagedPolicyArns"] == [{"Ref": policy}]


def test_four_functions_first_with_layer_env_and_role(seed: Synth) -> None:
    functions = seed.resources("AWS::Lambda::Function")
    names = sorted(f["Properties"]["FunctionName"] for f in functions.values())
    assert names == ["sfn_error_lambda", "sfn_first_lambda", "sfn_second_lambda", "sfn_third_lambda"]
    first = functions[logical_id(seed, "AWS::Lambda::Function", "FunctionName", "sfn_first_lambda")]["Properties"]
    bucket = logical_id(seed, "AWS::S3::Bucket", "BucketName", "sfn-bucket-by-aws-cdk")
    role = logical_id(seed, "AWS::IAM::Role", "RoleName", "sfn_lambda_role")
    # numpy_layer_arn is empty by default: the layer is built from layers/numpy/requirements.txt.
    layers = seed.resources("AWS::Lambda::LayerVersion")
    assert first["Layers"] == [{"Ref": layer} for layer in layers]
    (layer,) = layers.values()
    assert layer["Properties"]["CompatibleRuntimes"] == ["python3.12"]
    assert layer["Properties"]["CompatibleArchitectures"] == ["x86_64"]
    assert layer["Metadata"]["aws:asset:path"].endswith(".zip")
    assert first["Environment"] == {"Variables": {"BUCKET_NAME": {"Ref": bucket}}}
    assert first["Role"] == {"Fn::GetAtt": [role, "Arn"]}
    assert (first["Handler"], first["Runtime"], first["MemorySize"], first["Timeout"]) == (
        "lambda_function.lambda_handler", "python3.12", 128, 10,
    )
    for name in ("sfn_second_lambda", "sfn_third_lambda", "sfn_error_lambda"):
        props = functions[logical_id(seed, "AWS::Lambda::Function", "FunctionName", name)]["Properties"]
        # No role in the spec: the function's own role, with no AWS managed policy (cdk-nag IAM4), that
        # may write only to the function's own log group (not logs:* on every group, as
        # AWSLambdaBasicExecutionRole would).
        role_id = props["Role"]["Fn::GetAtt"][0]
        assert "ManagedPolicyArns" not in seed.template["Resources"][role_id]["Properties"]
        group = props["LoggingConfig"]["LogGroup"]["Ref"]
        assert seed.template["Resources"][group]["Type"] == "AWS::Logs::LogGroup"
        [policy] = [r["Properties"] for r in seed.resources("AWS::IAM::Policy").values()
                    if r["Properties"]["Roles"] == [{"Ref": role_id}]]
        assert policy["PolicyDocument"]["Statement"] == [{
            "Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Effect": "Allow",
            "Resource": {"Fn::GetAtt": [group, "Arn"]}}]
        assert "Layers" not in props and props["Timeout"] == 10


def test_state_machines_deploy_exactly_the_emitted_asl(seed: Synth) -> None:
    machines = seed.resources("AWS::StepFunctions::StateMachine")
    assert len(machines) == 2
    by_name = {m["Properties"]["StateMachineName"]: m["Properties"] for m in machines.values()}
    for key, machine in seed.program.machines.items():
        props = by_name[machine.name]
        assert props["DefinitionString"] == to_json(machine.definition)
        values = {name: fake(token) for name, token in props["DefinitionSubstitutions"].items()}
        assert set(values) == set(machine.substitutions), key
        deployed = fill(json.loads(props["DefinitionString"]), values)
        assert deployed == fill(machine.definition, values)
        # Each placeholder points at the resource its reference names.
        for name, ref in machine.substitutions.items():
            target = seed.template["Resources"][props["DefinitionSubstitutions"][name]
                                                .get("Fn::GetAtt", [None])[0]
                                                or props["DefinitionSubstitutions"][name]["Ref"]]
            spec_name = {
                "function": lambda r: r["Properties"]["FunctionName"],
                "machine": lambda r: r["Properties"]["StateMachineName"],
            }["machine" if ref.key in seed.program.machines else "function"](target)
            expected = (seed.program.machines[ref.key].name if ref.key in seed.program.machines
                        else seed.program.spec.resources[ref.key].function_name)  # type: ignore[union-attr]
            assert spec_name == expected


def test_stack_name_and_description(seed: Synth) -> None:
    assert seed.template["Description"] == seed.program.spec.description
    assert seed.template_path.name == "step-functions.template.json"


def test_no_star_action_in_any_policy(seed: Synth) -> None:
    for resource in seed.template["Resources"].values():
        document = resource["Properties"].get("PolicyDocument") if "Properties" in resource else None
        for statement in (document or {}).get("Statement", []):
            if statement["Effect"] != "Allow":
                continue  # enforce_ssl's Deny s3:* is a guard, not a grant
            actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
            assert all("*" not in a for a in actions), statement


def test_two_synths_in_two_folders_are_byte_identical(seed: Synth, tmp_path_factory: Any) -> None:
    other = synth_copy(tmp_path_factory.mktemp("synth-b"))
    assert other.folder != seed.folder
    assert other.text == seed.text
