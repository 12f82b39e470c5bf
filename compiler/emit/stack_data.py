"""CDK constructs for tables, queues, topics, event buses and KMS keys (a mixin of the Builder).

Secure defaults, so that cdk-nag's AwsSolutions pack finds nothing to say: tables keep
point-in-time recovery, queues and topics are encrypted and refuse requests without TLS, keys
rotate. A queue without a dead-letter queue is left to the spec's nag acknowledgement
(AwsSolutions-SQS3) with its reason. ``existing`` ones are imported by name or ARN.
"""

from __future__ import annotations

from typing import Any

from aws_cdk import ArnFormat, Duration, RemovalPolicy, Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_events as events
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs

from compiler.emit.stack_resolve import Resolver
from compiler.model.resources_data import Key, KeyAttribute, Table
from compiler.model.resources_messaging import EventBus, Queue, Topic

ATTRIBUTE_TYPES = {
    "string": dynamodb.AttributeType.STRING,
    "number": dynamodb.AttributeType.NUMBER,
    "binary": dynamodb.AttributeType.BINARY,
}
STREAMS = {
    "keys_only": dynamodb.StreamViewType.KEYS_ONLY,
    "new_image": dynamodb.StreamViewType.NEW_IMAGE,
    "old_image": dynamodb.StreamViewType.OLD_IMAGE,
    "new_and_old_images": dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
}


def removal(policy: str) -> RemovalPolicy:
    return RemovalPolicy.DESTROY if policy == "destroy" else RemovalPolicy.RETAIN


def _seconds(value: int | None) -> Duration | None:
    return None if value is None else Duration.seconds(value)


class DataBuilders:
    """``build_<kind>`` for the kinds of this module; the Builder supplies the fields below."""

    stack: Stack
    resolver: Resolver
    key: str

    def _opt(self, text: str | None) -> str | None:
        raise NotImplementedError

    def _encryption_key(self, key: str | None) -> kms.IKey | None:
        return None if key is None else self.resolver.get(key)

    def build_key(self, spec: Key) -> kms.IKey:
        if spec.existing is not None:
            if spec.existing.key_arn is not None:
                return kms.Key.from_key_arn(self.stack, self.key, self.resolver.string(spec.existing.key_arn))
            assert spec.existing.alias_name is not None
            return kms.Alias.from_alias_name(self.stack, self.key, self.resolver.string(spec.existing.alias_name))
        return kms.Key(
            self.stack,
            self.key,
            description=self._opt(spec.description),
            alias=self._opt(spec.alias),
            enable_key_rotation=spec.enable_key_rotation,
            pending_window=None if spec.pending_window_days is None else Duration.days(spec.pending_window_days),
            removal_policy=removal(spec.removal_policy),
        )

    def build_table(self, spec: Table) -> dynamodb.ITable:
        if spec.existing is not None:
            stream = self._opt(spec.existing.table_stream_arn)
            if spec.existing.table_arn is not None:
                return dynamodb.Table.from_table_attributes(
                    self.stack, self.key, table_arn=self.resolver.string(spec.existing.table_arn), table_stream_arn=stream)
            assert spec.existing.table_name is not None
            return dynamodb.Table.from_table_attributes(
                self.stack, self.key, table_name=self.resolver.string(spec.existing.table_name), table_stream_arn=stream)
        assert spec.partition_key is not None
        key = self._encryption_key(spec.key)
        provisioned = spec.billing_mode == "provisioned"
        return dynamodb.Table(
            self.stack,
            self.key,
            table_name=self._opt(spec.table_name),
            partition_key=self._attribute(spec.partition_key),
            sort_key=self._attribute(spec.sort_key) if spec.sort_key is not None else None,
            billing_mode=dynamodb.BillingMode.PROVISIONED if provisioned else dynamodb.BillingMode.PAY_PER_REQUEST,
            read_capacity=spec.read_capacity if provisioned else None,
            write_capacity=spec.write_capacity if provisioned else None,
            stream=STREAMS[spec.stream] if spec.stream is not None else None,
            time_to_live_attribute=spec.time_to_live_attribute,
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=spec.point_in_time_recovery),
            encryption=dynamodb.TableEncryption.CUSTOMER_MANAGED if key is not None else None,
            encryption_key=key,
            removal_policy=removal(spec.removal_policy),
        )

    @staticmethod
    def _attribute(attribute: KeyAttribute) -> dynamodb.Attribute:
        return dynamodb.Attribute(name=attribute.name, type=ATTRIBUTE_TYPES[attribute.type])

    def _arn_of_name(self, service: str, name: str) -> str:
        """``arn:<partition>:<service>:<region>:<account>:<name>`` (queues and topics)."""
        return Stack.of(self.stack).format_arn(service=service, resource=self.resolver.string(name),
                                               arn_format=ArnFormat.NO_RESOURCE_NAME)

    def build_queue(self, spec: Queue) -> sqs.IQueue:
        if spec.existing is not None:
            arn = spec.existing.queue_arn
            resolved = self.resolver.string(arn) if arn is not None else self._arn_of_name("sqs", spec.existing.queue_name or "")
            return sqs.Queue.from_queue_arn(self.stack, self.key, resolved)
        key = self._encryption_key(spec.key)
        dead = spec.dead_letter
        return sqs.Queue(
            self.stack,
            self.key,
            queue_name=self._opt(spec.queue_name),
            fifo=True if spec.fifo else None,
            content_based_deduplication=spec.content_based_deduplication,
            visibility_timeout=_seconds(spec.visibility_timeout),
            retention_period=_seconds(spec.retention_period),
            delivery_delay=_seconds(spec.delivery_delay),
            dead_letter_queue=None if dead is None else sqs.DeadLetterQueue(
                queue=self.resolver.get(dead.queue), max_receive_count=dead.max_receive_count),
            encryption=sqs.QueueEncryption.KMS if key is not None else sqs.QueueEncryption.SQS_MANAGED,
            encryption_master_key=key,
            enforce_ssl=True,
            removal_policy=removal(spec.removal_policy),
        )

    def build_topic(self, spec: Topic) -> sns.ITopic:
        if spec.existing is not None:
            arn = spec.existing.topic_arn
            resolved = self.resolver.string(arn) if arn is not None else self._arn_of_name("sns", spec.existing.topic_name or "")
            return sns.Topic.from_topic_arn(self.stack, self.key, resolved)
        # Without a spec key: the AWS managed key of SNS (its key policy lets the account's
        # principals use it through SNS, so publishers need no kms: grant).
        key = self._encryption_key(spec.key) or kms.Alias.from_alias_name(self.stack, f"{self.key}AwsSnsKey", "alias/aws/sns")
        return sns.Topic(
            self.stack,
            self.key,
            topic_name=self._opt(spec.topic_name),
            display_name=self._opt(spec.display_name),
            fifo=True if spec.fifo else None,
            content_based_deduplication=spec.content_based_deduplication,
            master_key=key,
            enforce_ssl=True,
        )

    def build_event_bus(self, spec: EventBus) -> events.IEventBus:
        if spec.existing is not None:
            if spec.existing.event_bus_arn is not None:
                return events.EventBus.from_event_bus_arn(self.stack, self.key, self.resolver.string(spec.existing.event_bus_arn))
            assert spec.existing.event_bus_name is not None
            return events.EventBus.from_event_bus_name(self.stack, self.key, self.resolver.string(spec.existing.event_bus_name))
        return events.EventBus(
            self.stack,
            self.key,
            event_bus_name=self._opt(spec.event_bus_name),
            description=self._opt(spec.description),
            kms_key=self._encryption_key(spec.key),
        )


def attributes(**names: str) -> Any:
    """An attribute reader: spec attribute -> the construct's property."""

    def attribute(construct: Any, attr: str) -> str:
        value: str = getattr(construct, names[attr])
        return value

    return attribute


ATTRIBUTES: dict[str, Any] = {
    "table": attributes(arn="table_arn", name="table_name", stream_arn="table_stream_arn"),
    "queue": attributes(arn="queue_arn", name="queue_name", url="queue_url"),
    "topic": attributes(arn="topic_arn", name="topic_name"),
    "event_bus": attributes(arn="event_bus_arn", name="event_bus_name"),
    "key": attributes(arn="key_arn", id="key_id"),
}
