"""Resource kinds that carry messages: SQS queues, SNS topics and EventBridge event buses.

New queues and topics are encrypted (a spec ``key``, else the service's own key) and refuse
requests that are not over TLS. A queue names its dead-letter queue, or the stack acknowledges
cdk-nag's AwsSolutions-SQS3 with a reason. FIFO naming, the dead-letter queue's type and the
ranges AWS limits are checked by ``compiler/checks/resource_rules.py``.
"""

from typing import Literal

from compiler.model.base import Exclusive, ResourceKey, SpecModel
from compiler.model.resources_data import ExistingByNameOrArn


class DeadLetter(SpecModel):
    queue: ResourceKey  # a spec queue
    max_receive_count: int = 3  # receives before a message moves to the dead-letter queue (1 to 1,000)


class ExistingQueue(ExistingByNameOrArn):
    queue_name: str | None = None
    queue_arn: str | None = None


class Queue(Exclusive):
    """An SQS queue (standard or FIFO), with its dead-letter queue and encryption."""

    type: Literal["queue"]
    queue_name: str | None = None  # a FIFO queue's ends with '.fifo'
    fifo: bool = False
    content_based_deduplication: bool | None = None  # FIFO only
    visibility_timeout: int | None = None  # seconds, 0 to 43,200; SQS's default is 30
    retention_period: int | None = None  # seconds, 60 to 1,209,600; SQS's default is 345,600 (4 days)
    delivery_delay: int | None = None  # seconds, 0 to 900
    dead_letter: DeadLetter | None = None
    key: ResourceKey | None = None  # a spec ``key`` (else SQS-managed encryption)
    removal_policy: Literal["retain", "destroy"] = "destroy"
    existing: ExistingQueue | None = None

    def exclusive_groups(self) -> list[tuple[str, ...]]:
        return [("existing", "queue_name"), ("existing", "dead_letter"), ("existing", "key")]


class ExistingTopic(ExistingByNameOrArn):
    topic_name: str | None = None
    topic_arn: str | None = None


class Topic(Exclusive):
    """An SNS topic (standard or FIFO), encrypted, accepting publishes over TLS only."""

    type: Literal["topic"]
    topic_name: str | None = None  # a FIFO topic's ends with '.fifo'
    display_name: str | None = None
    fifo: bool = False
    content_based_deduplication: bool | None = None  # FIFO only
    key: ResourceKey | None = None  # a spec ``key`` (else the AWS managed key alias/aws/sns)
    existing: ExistingTopic | None = None

    def exclusive_groups(self) -> list[tuple[str, ...]]:
        return [("existing", "topic_name"), ("existing", "key"), ("existing", "display_name")]


class ExistingEventBus(ExistingByNameOrArn):
    event_bus_name: str | None = None
    event_bus_arn: str | None = None


class EventBus(Exclusive):
    """A custom EventBridge event bus (``existing: {event_bus_name: default}`` for the default one)."""

    type: Literal["event_bus"]
    event_bus_name: str | None = None
    description: str | None = None
    key: ResourceKey | None = None  # a spec ``key`` (else an AWS owned key)
    existing: ExistingEventBus | None = None

    def exclusive_groups(self) -> list[tuple[str, ...]]:
        return [("existing", "event_bus_name"), ("existing", "key"), ("existing", "description")]
