"""Resource kinds that hold data: DynamoDB tables and the KMS keys that encrypt resources.

Defaults are the secure ones (cdk-nag's AwsSolutions pack): point-in-time recovery on, key
rotation on, and both kept when the stack is deleted (``removal_policy: retain``, CDK's default
for both). Ranges AWS limits (capacities, the key's waiting period) are checked by
``compiler/checks/resource_rules.py`` with a code and the spec line, not here.
"""

from typing import Literal

from compiler.model.base import Exclusive, ResourceKey, SpecModel


class ExistingByNameOrArn(Exclusive):
    """An imported resource: exactly one of its two fields (a name or an ARN)."""

    def exclusive_groups(self) -> list[tuple[str, ...]]:
        return [tuple(type(self).model_fields)[:2]]

    def required_groups(self) -> list[tuple[str, ...]]:
        return [tuple(type(self).model_fields)[:2]]


class ExistingKey(ExistingByNameOrArn):
    key_arn: str | None = None
    alias_name: str | None = None  # ``alias/orders``: the key it points at when the stack deploys


class Key(Exclusive):
    """A customer-managed KMS key (symmetric, for encryption); rotation is on by default."""

    type: Literal["key"]
    description: str | None = None
    alias: str | None = None  # ``alias/orders``
    enable_key_rotation: bool = True
    pending_window_days: int | None = None  # 7 to 30; AWS's default is 30
    removal_policy: Literal["retain", "destroy"] = "retain"
    existing: ExistingKey | None = None

    def exclusive_groups(self) -> list[tuple[str, ...]]:
        return [("existing", "alias"), ("existing", "description"), ("existing", "pending_window_days")]


AttributeType = Literal["string", "number", "binary"]


class KeyAttribute(SpecModel):
    name: str
    type: AttributeType = "string"


class ExistingTable(ExistingByNameOrArn):
    table_name: str | None = None
    table_arn: str | None = None
    table_stream_arn: str | None = None  # needed for ``${key.stream_arn}`` of an imported table


class Table(Exclusive):
    """A DynamoDB table: key schema, billing, stream, TTL, point-in-time recovery, encryption."""

    type: Literal["table"]
    table_name: str | None = None
    partition_key: KeyAttribute | None = None
    sort_key: KeyAttribute | None = None
    billing_mode: Literal["pay_per_request", "provisioned"] = "pay_per_request"
    read_capacity: int | None = None
    write_capacity: int | None = None
    stream: Literal["keys_only", "new_image", "old_image", "new_and_old_images"] | None = None
    time_to_live_attribute: str | None = None
    point_in_time_recovery: bool = True
    key: ResourceKey | None = None  # a spec ``key``: customer-managed encryption (else AWS owned)
    removal_policy: Literal["retain", "destroy"] = "retain"
    existing: ExistingTable | None = None

    def exclusive_groups(self) -> list[tuple[str, ...]]:
        return [("existing", "partition_key"), ("existing", "table_name"), ("existing", "key")]

    def required_groups(self) -> list[tuple[str, ...]]:
        return [("existing", "partition_key")]
