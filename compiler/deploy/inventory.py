"""What exists in the emulator, by kind: taken before a deploy and after a destroy, so the
round trip can show what it created and that nothing of it is left."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from compiler.deploy.checks_data import describe_key
from compiler.deploy.verify import Deployed

# inventory kind -> the template type whose physical ids are of that kind
KINDS: dict[str, str] = {
    "stacks": "AWS::CloudFormation::Stack",
    "buckets": "AWS::S3::Bucket",
    "functions": "AWS::Lambda::Function",
    "layers": "AWS::Lambda::LayerVersion",
    "roles": "AWS::IAM::Role",
    "policies": "AWS::IAM::ManagedPolicy",
    "state machines": "AWS::StepFunctions::StateMachine",
    "log groups": "AWS::Logs::LogGroup",
    "tables": "AWS::DynamoDB::Table",
    "queues": "AWS::SQS::Queue",
    "topics": "AWS::SNS::Topic",
    "event buses": "AWS::Events::EventBus",
    "keys": "AWS::KMS::Key",
}
# Kinds the emulator does not delete with their stack (moto 5.2.5 has no delete handler for
# AWS::IAM::ManagedPolicy nor AWS::Lambda::LayerVersion): left over by the emulator, not by the template.
EMULATOR_KEEPS = {"policies": "the emulator does not delete managed policies with their stack",
                  "layers": "the emulator does not delete layer versions with their stack"}

Inventory = dict[str, set[str]]


def snapshot(session: Any) -> Inventory:
    s3, lam, iam = session.client("s3"), session.client("lambda"), session.client("iam")
    sfn, logs, cfn = session.client("stepfunctions"), session.client("logs"), session.client("cloudformation")
    stacks = {
        s["StackName"]
        for page in cfn.get_paginator("list_stacks").paginate()
        for s in page["StackSummaries"]
        if s["StackStatus"] != "DELETE_COMPLETE"
    }
    layers = {
        v["LayerVersionArn"]
        for layer in lam.list_layers().get("Layers", [])
        for v in lam.list_layer_versions(LayerName=layer["LayerName"]).get("LayerVersions", [])
    }
    return {
        "stacks": stacks,
        "buckets": {b["Name"] for b in s3.list_buckets().get("Buckets", [])},
        "functions": {f["FunctionName"] for p in lam.get_paginator("list_functions").paginate() for f in p["Functions"]},
        "layers": layers,
        "roles": {r["RoleName"] for p in iam.get_paginator("list_roles").paginate() for r in p["Roles"]},
        "policies": {
            p["Arn"] for page in iam.get_paginator("list_policies").paginate(Scope="Local") for p in page["Policies"]
        },
        "state machines": {
            m["stateMachineArn"] for p in sfn.get_paginator("list_state_machines").paginate() for m in p["stateMachines"]
        },
        "log groups": {g["logGroupName"] for p in logs.get_paginator("describe_log_groups").paginate() for g in p["logGroups"]},
        **_data_kinds(session),
    }


def _data_kinds(session: Any) -> Inventory:
    ddb, sqs, sns = session.client("dynamodb"), session.client("sqs"), session.client("sns")
    events, kms = session.client("events"), session.client("kms")
    keys = set()
    for page in kms.get_paginator("list_keys").paginate():
        for key in page["Keys"]:
            # A deleted key lingers until its waiting period ends: scheduled for deletion is gone.
            metadata = describe_key(kms, key["KeyId"]) or {}
            if metadata.get("KeyState") != "PendingDeletion":
                keys.add(key["KeyId"])
    return {
        "tables": {t for p in ddb.get_paginator("list_tables").paginate() for t in p["TableNames"]},
        "queues": set(sqs.list_queues().get("QueueUrls", [])),
        "topics": {t["TopicArn"] for p in sns.get_paginator("list_topics").paginate() for t in p["Topics"]},
        # The account's own default bus is always there: not something a stack made.
        "event buses": {b["Name"] for b in events.list_event_buses().get("EventBuses", []) if b["Name"] != "default"},
        "keys": keys,
    }


def difference(after: Inventory, before: Inventory) -> Inventory:
    return {kind: after.get(kind, set()) - before.get(kind, set()) for kind in KINDS}


def count(inventory: Inventory) -> int:
    return sum(len(v) for v in inventory.values())


@dataclass
class Leftovers:
    """What a destroy left behind, split by why."""

    retained: Inventory = field(default_factory=dict)  # DeletionPolicy: Retain asked for it
    by_emulator: Inventory = field(default_factory=dict)  # the emulator's own gaps
    unexpected: Inventory = field(default_factory=dict)  # a failure

    @property
    def ok(self) -> bool:
        return count(self.unexpected) == 0


def classify(left: Inventory, deployed: Deployed, template: dict[str, Any]) -> Leftovers:
    resources = template.get("Resources", {})
    retained_ids = {
        phys
        for logical, (_, phys) in deployed.resources.items()
        if resources.get(logical, {}).get("DeletionPolicy") in {"Retain", "RetainExceptOnCreate"}
    }
    result = Leftovers()
    for kind, names in left.items():
        for name in sorted(names):
            if name in retained_ids or _arn_tail(name) in retained_ids:
                result.retained.setdefault(kind, set()).add(name)
            elif kind in EMULATOR_KEEPS:
                result.by_emulator.setdefault(kind, set()).add(name)
            else:
                result.unexpected.setdefault(kind, set()).add(name)
    return result


def _arn_tail(name: str) -> str:
    return name.rsplit(":", 1)[-1]


def describe_inventory(inventory: Inventory) -> str:
    parts = [f"{len(v)} {k}" for k, v in inventory.items() if v]
    return ", ".join(parts) if parts else "nothing"
