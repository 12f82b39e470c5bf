"""One check per resource type: the deployed resource, read back through the service APIs,
against the template's properties (intrinsics resolved to what was deployed).

The emulator (moto 5.2.5) accepts templates whose properties it then ignores. Each such
property is listed in GAPS; when the deployed value is absent, the row says "not supported by
the emulator" instead of failing. A present but different value is always a mismatch.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import zipfile
from collections.abc import Callable
from typing import Any

from botocore.exceptions import ClientError

from compiler.deploy.checks_data import ATTRIBUTES as DATA_ATTRIBUTES
from compiler.deploy.checks_data import CHECKS as DATA_CHECKS
from compiler.deploy.emulator_gaps import UNSUPPORTED_TYPES
from compiler.deploy.intrinsics import Resolver, Unresolved
from compiler.deploy.readback import Check, Clients, compare, read_back
from compiler.deploy.report import Row


def policy_document(document: Any) -> dict[str, Any]:
    """A policy in a canonical form: single values as lists, lists sorted, statements sorted."""
    if isinstance(document, str):
        document = json.loads(document)

    def norm(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: norm(v) for k, v in value.items()}
        if isinstance(value, list):
            return sorted((norm(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
        return value

    statements = document.get("Statement", [])
    statements = [statements] if isinstance(statements, dict) else statements
    canonical = []
    for statement in statements:
        item = {}
        for key, value in statement.items():
            if key in {"Action", "NotAction", "Resource", "NotResource"} and isinstance(value, str):
                value = [value]
            if key in {"Principal", "NotPrincipal"} and isinstance(value, dict):
                value = {k: [v] if isinstance(v, str) else v for k, v in value.items()}
            item[key] = norm(value)
        canonical.append(item)
    canonical.sort(key=lambda s: json.dumps(s, sort_keys=True))
    return {"Version": document.get("Version"), "Statement": canonical}


def check_bucket(clients: Clients, resolver: Resolver, row: Row, props: dict[str, Any]) -> None:
    name = row.physical_id
    if read_back(row, "bucket", clients.s3.head_bucket, Bucket=name) is None:
        return
    if "BucketName" in props:
        compare(row, "BucketName", props["BucketName"], name)
    if "BucketEncryption" in props:
        rules = props["BucketEncryption"]["ServerSideEncryptionConfiguration"]
        expected = [rule["ServerSideEncryptionByDefault"] for rule in rules]
        encryption = _s3(clients.s3.get_bucket_encryption, Bucket=name) or {}
        deployed = [
            dict(rule.get("ApplyServerSideEncryptionByDefault", {}))
            for rule in encryption.get("ServerSideEncryptionConfiguration", {}).get("Rules", [])
        ]
        compare(row, "BucketEncryption", expected, deployed, default=[])
    if "PublicAccessBlockConfiguration" in props:
        block = _s3(clients.s3.get_public_access_block, Bucket=name) or {}
        compare(row, "PublicAccessBlockConfiguration", props["PublicAccessBlockConfiguration"],
                block.get("PublicAccessBlockConfiguration"))
    if "VersioningConfiguration" in props:
        status = clients.s3.get_bucket_versioning(Bucket=name).get("Status")
        compare(row, "VersioningConfiguration", props["VersioningConfiguration"].get("Status"), status)


def check_bucket_policy(clients: Clients, resolver: Resolver, row: Row, props: dict[str, Any]) -> None:
    bucket = resolver.resolve(props["Bucket"])
    row.physical_id = row.physical_id or bucket
    actual = _s3(clients.s3.get_bucket_policy, Bucket=bucket)
    if actual is None:
        row.gap(UNSUPPORTED_TYPES[row.type])
        return
    compare(row, "PolicyDocument", policy_document(resolver.resolve(props["PolicyDocument"])),
            policy_document(actual["Policy"]))


def check_managed_policy(clients: Clients, resolver: Resolver, row: Row, props: dict[str, Any]) -> None:
    policy = clients.iam.get_policy(PolicyArn=row.physical_id)["Policy"]
    if "ManagedPolicyName" in props:
        compare(row, "ManagedPolicyName", props["ManagedPolicyName"], policy["PolicyName"])
    version = clients.iam.get_policy_version(PolicyArn=row.physical_id, VersionId=policy["DefaultVersionId"])
    compare(row, "PolicyDocument", policy_document(resolver.resolve(props["PolicyDocument"])),
            policy_document(version["PolicyVersion"]["Document"]))


def check_role(clients: Clients, resolver: Resolver, row: Row, props: dict[str, Any]) -> None:
    role = clients.iam.get_role(RoleName=row.physical_id)["Role"]
    if "RoleName" in props:
        compare(row, "RoleName", props["RoleName"], role["RoleName"])
    compare(row, "AssumeRolePolicyDocument", policy_document(resolver.resolve(props["AssumeRolePolicyDocument"])),
            policy_document(role["AssumeRolePolicyDocument"]))
    attached = clients.iam.list_attached_role_policies(RoleName=row.physical_id)["AttachedPolicies"]
    compare(row, "ManagedPolicyArns", sorted(resolver.resolve(props.get("ManagedPolicyArns", []))),
            sorted(p["PolicyArn"] for p in attached), default=[])
    for inline in props.get("Policies", []):
        _inline(clients, resolver, row, row.physical_id, inline["PolicyName"], inline["PolicyDocument"])


def check_policy(clients: Clients, resolver: Resolver, row: Row, props: dict[str, Any]) -> None:
    for role in resolver.resolve(props.get("Roles", [])):
        _inline(clients, resolver, row, role, props["PolicyName"], props["PolicyDocument"])


def _inline(clients: Clients, resolver: Resolver, row: Row, role: str, name: str, document: Any) -> None:
    try:
        actual = clients.iam.get_role_policy(RoleName=role, PolicyName=name)["PolicyDocument"]
    except ClientError:
        row.mismatch(f"policy {name} is not on role {role}")
        return
    expected = policy_document(resolver.resolve(document))
    if expected != policy_document(actual) and policy_document(_without_log_group_suffix(expected)) == policy_document(
            actual):
        row.gap(LOG_GROUP_ARN_GAP)
        return
    compare(row, f"PolicyDocument of {name} on {role}", expected, policy_document(actual))


# AWS's Fn::GetAtt of a log group's Arn ends in ':*' (its streams); the emulator's CloudFormation
# resolves it without, so a policy on a log group deploys one character shorter there.
LOG_GROUP_ARN_GAP = "log group Arn attribute without ':*' in policies"
_LOG_GROUP_ARN = re.compile(r"^(arn:[^:]+:logs:[^:]*:[^:]*:log-group:[^:]+):\*$")


def _without_log_group_suffix(document: Any) -> Any:
    if isinstance(document, dict):
        return {k: _without_log_group_suffix(v) for k, v in document.items()}
    if isinstance(document, list):
        return [_without_log_group_suffix(v) for v in document]
    if isinstance(document, str):
        return _LOG_GROUP_ARN.sub(r"\1", document)
    return document


def check_function(clients: Clients, resolver: Resolver, row: Row, props: dict[str, Any]) -> None:
    answer = clients.lambda_.get_function(FunctionName=row.physical_id)
    config = answer["Configuration"]
    for name, default in (("Runtime", None), ("Handler", None), ("MemorySize", 128), ("Timeout", 3)):
        if name in props or name in {"MemorySize", "Timeout"}:
            compare(row, name, props.get(name, default), config.get(name))
    compare(row, "Role", resolver.resolve(props["Role"]), config.get("Role"))
    expected_env = resolver.resolve(props.get("Environment", {}).get("Variables", {}))
    compare(row, "Environment", expected_env, config.get("Environment", {}).get("Variables", {}))
    compare(row, "Layers", resolver.resolve(props.get("Layers", [])), [layer["Arn"] for layer in config.get("Layers", [])],
            default=[])
    compare(row, "Architectures", props.get("Architectures", ["x86_64"]), config.get("Architectures"),
            default=["x86_64"])
    _code(clients, resolver, row, props, config)


def _code(clients: Clients, resolver: Resolver, row: Row, props: dict[str, Any], config: dict[str, Any]) -> None:
    """A non-empty package, the one the template points at, holding the handler's file."""
    if not config.get("CodeSize"):
        row.mismatch("code package is empty (CodeSize 0): the asset was not uploaded")
        return
    package = _package(clients, resolver, row, "code", props.get("Code", {}), config.get("CodeSha256"))
    if package is None:
        return
    size, names = package
    wanted = handler_files(config.get("Handler") or "", config.get("Runtime") or "")
    if wanted and not set(names) & set(wanted):
        row.mismatch(f"code package has no {' or '.join(wanted)} for handler {config.get('Handler')}")
    row.notes.append(f"code {size} bytes")


def _package(clients: Clients, resolver: Resolver, row: Row, what: str, location: dict[str, Any],
             deployed_sha256: Any) -> tuple[int, list[str]] | None:
    """The size and file names of the zip the template points at, once its SHA-256 is compared with
    the deployed one; None for inline code (nothing uploaded) or after a mismatch."""
    if "S3Key" not in location:
        return None
    # The service's answer has a presigned URL on AWS's hosts; offline, the package is read from
    # where the template says it is and matched to the deployed one by its SHA-256.
    bucket, key = resolver.resolve(location["S3Bucket"]), resolver.resolve(location["S3Key"])
    try:
        body = clients.s3.get_object(Bucket=bucket, Key=key)["Body"].read()
    except ClientError:
        row.mismatch(f"{what} package s3://{bucket}/{key} does not exist")
        return None
    digest = base64.b64encode(hashlib.sha256(body).digest()).decode()
    compare(row, "CodeSha256", digest, deployed_sha256)
    try:
        return len(body), zipfile.ZipFile(io.BytesIO(body)).namelist()
    except zipfile.BadZipFile:
        row.mismatch(f"{what} package is not a zip file")
        return None


def handler_files(handler: str, runtime: str) -> list[str]:
    module = handler.rsplit(".", 1)[0]
    if runtime.startswith("python"):
        return [module.replace(".", "/") + ".py"]
    if runtime.startswith("nodejs"):
        return [module + ext for ext in (".js", ".mjs", ".cjs")]
    return []


def check_layer(clients: Clients, resolver: Resolver, row: Row, props: dict[str, Any]) -> None:
    # GetLayerVersionByArn fails inside moto 5.2.5 (HTTP 500): ask by name and version instead.
    name, _, version = row.physical_id.split(":layer:", 1)[-1].partition(":")
    layer = clients.lambda_.get_layer_version(LayerName=name, VersionNumber=int(version or 0))
    if not layer.get("Content", {}).get("CodeSize"):
        row.mismatch("layer package is empty (CodeSize 0)")
        return
    package = _package(clients, resolver, row, "layer", props.get("Content", {}), layer["Content"].get("CodeSha256"))
    if package is None:
        return
    names = package[1]
    runtimes = props.get("CompatibleRuntimes", [])
    architectures = props.get("CompatibleArchitectures", ["x86_64"])
    if len(runtimes) == 1 and runtimes[0].startswith("python") and len(architectures) == 1:
        python_layer(row, names, runtimes[0], architectures[0])


def python_layer(row: Row, names: list[str], runtime: str, architecture: str) -> None:
    """A Python layer's packages sit under python/, and its extension modules are built for its one target."""
    machine = {"x86_64": "x86_64", "arm64": "aarch64"}.get(architecture, architecture)
    wanted = f"cpython-{runtime.removeprefix('python').replace('.', '')}-{machine}-linux-gnu"
    if not any(name.startswith("python/") for name in names):
        row.mismatch(f"layer for {runtime} has no python/ folder: Lambda would not find its packages")
        return
    tagged = [n for n in names if ".cpython-" in n and n.endswith(".so")]
    wrong = sorted(n for n in tagged if not n.endswith(f".{wanted}.so"))
    if wrong:
        row.mismatch(f"{len(wrong)} extension modules are not {wanted}, e.g. {wrong[0]}")
    dists = sorted({n.split("/")[1].removesuffix(".dist-info") for n in names
                    if n.count("/") >= 2 and n.split("/")[1].endswith(".dist-info")})
    if dists:
        row.notes.append(f"python/: {', '.join(dists)}")
    if tagged:
        row.notes.append(f"{len(tagged) - len(wrong)} extension modules {wanted}")


def check_log_group(clients: Clients, resolver: Resolver, row: Row, props: dict[str, Any]) -> None:
    groups = clients.logs.describe_log_groups(logGroupNamePrefix=row.physical_id)["logGroups"]
    group = next((g for g in groups if g["logGroupName"] == row.physical_id), None)
    if group is None:
        row.mismatch("log group does not exist")
        return
    if "RetentionInDays" in props:
        compare(row, "RetentionInDays", props["RetentionInDays"], group.get("retentionInDays"))


def check_rule(clients: Clients, resolver: Resolver, row: Row, props: dict[str, Any]) -> None:
    """An EventBridge rule: its pattern, state and targets (a trigger's machine and role)."""
    bus = resolver.resolve(props["EventBusName"]) if "EventBusName" in props else None
    name = row.physical_id.split("/")[-1] if row.physical_id.startswith("arn:") else row.physical_id
    rule = clients.client("events").describe_rule(Name=name, **({"EventBusName": bus} if bus else {}))
    if "EventPattern" in props:
        compare(row, "EventPattern", resolver.resolve(props["EventPattern"]), json.loads(rule.get("EventPattern") or "{}"))
    compare(row, "State", props.get("State", "ENABLED"), rule.get("State"))
    targets = clients.client("events").list_targets_by_rule(Rule=name, **({"EventBusName": bus} if bus else {}))["Targets"]
    expected = sorted((resolver.resolve(t["Arn"]), resolver.resolve(t.get("RoleArn", ""))) for t in props.get("Targets", []))
    compare(row, "Targets", expected, sorted((t["Arn"], t.get("RoleArn", "")) for t in targets))


def attribute(clients: Clients, kind: str, physical: str, attr: str) -> str:
    """``Fn::GetAtt`` of a deployed resource, read from its service (not computed)."""
    value: Any = None
    if kind == "AWS::S3::Bucket":
        value = {"Arn": f"arn:aws:s3:::{physical}", "DomainName": f"{physical}.s3.amazonaws.com",
                 "RegionalDomainName": f"{physical}.s3.{clients.s3.meta.region_name}.amazonaws.com"}.get(attr)
    elif kind == "AWS::Lambda::Function" and attr == "Arn":
        value = clients.lambda_.get_function(FunctionName=physical)["Configuration"]["FunctionArn"]
    elif kind == "AWS::IAM::Role":
        value = clients.iam.get_role(RoleName=physical)["Role"].get({"Arn": "Arn", "RoleId": "RoleId"}.get(attr, ""))
    elif kind == "AWS::IAM::ManagedPolicy" and attr == "PolicyArn":
        value = physical
    elif kind in ("AWS::StepFunctions::StateMachine", "AWS::StepFunctions::Activity"):
        value = {"Arn": physical, "Name": physical.rsplit(":", 1)[-1]}.get(attr)
    elif kind == "AWS::Lambda::LayerVersion" and attr == "LayerVersionArn":
        value = physical
    elif kind == "AWS::Logs::LogGroup" and attr == "Arn":
        groups = clients.logs.describe_log_groups(logGroupNamePrefix=physical)["logGroups"]
        value = next((g["arn"] for g in groups if g["logGroupName"] == physical), None)
    if value is None and kind in DATA_ATTRIBUTES:
        value = DATA_ATTRIBUTES[kind](clients, physical, attr)
    if value is None:
        raise Unresolved(f"Fn::GetAtt {kind}.{attr} is not resolved by the verification")
    return str(value)


def _s3(call: Callable[..., Any], **kwargs: Any) -> Any:
    """The answer, or None when S3 says the configuration does not exist."""
    try:
        return call(**kwargs)
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code", "").startswith("NoSuch") or "NotFound" in str(exc):
            return None
        raise


CHECKS: dict[str, Check] = {
    "AWS::S3::Bucket": check_bucket,
    "AWS::S3::BucketPolicy": check_bucket_policy,
    "AWS::IAM::ManagedPolicy": check_managed_policy,
    "AWS::IAM::Role": check_role,
    "AWS::IAM::Policy": check_policy,
    "AWS::Lambda::Function": check_function,
    "AWS::Lambda::LayerVersion": check_layer,
    "AWS::Events::Rule": check_rule,
    "AWS::Logs::LogGroup": check_log_group,
    **DATA_CHECKS,
}

