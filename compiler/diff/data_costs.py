"""What replacing or removing a resource that holds data (a table, queue, bucket, key...) costs (``compiler diff``).

The replacing properties are those whose CloudFormation reference says "Update requires:
Replacement": a table's ``TableName`` and ``KeySchema``, a queue's ``QueueName`` and
``FifoQueue``, a topic's ``TopicName`` and ``FifoTopic``, an event bus's ``Name``, a key
alias's ``AliasName`` (the alias is a resource of its own: the key stays), and an activity's ``Name``
and ``EncryptionConfiguration`` (its in-flight tasks are lost).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

REPLACED_BY: dict[str, dict[str, str]] = {
    "table": {"table_name": "TableName", "partition_key": "KeySchema", "sort_key": "KeySchema"},
    "queue": {"queue_name": "QueueName", "fifo": "FifoQueue"},
    "topic": {"topic_name": "TopicName", "fifo": "FifoTopic"},
    "event_bus": {"event_bus_name": "Name"},
    "key": {"alias": "AliasName"},
    "log_group": {"log_group_name": "LogGroupName"},
    "secret": {"secret_name": "Name"},
    "connection": {"connection_name": "Name"},
    "activity": {"activity_name": "Name", "encryption": "EncryptionConfiguration"},
}
NAME_FIELD = {"table": "table_name", "queue": "queue_name", "topic": "topic_name", "event_bus": "event_bus_name",
              "key": "alias", "log_group": "log_group_name", "secret": "secret_name",
              "connection": "connection_name", "activity": "activity_name"}
# What deleting an activity loses: the tasks it holds for workers.
_ACTIVITY_TASKS = ("the tasks it holds for workers are lost: running executions waiting on them go on waiting "
                   "until their task's timeout (or heartbeat) fails them, and workers polling its old ARN get nothing")


def _retained(dump: Mapping[str, Any], default: str) -> bool:
    return dump.get("removal_policy", default) == "retain"


def replacement_cost(kind: str, old: Mapping[str, Any], new: Mapping[str, Any], before: str, after: str) -> str | None:
    """What the replacement loses, or None for a kind this module does not cover."""
    if kind == "table":
        fate = ("is left behind outside the stack with its items (`removal_policy: retain`): copy them over "
                "and delete it by hand" if _retained(old, "retain")
                else "is deleted with its items (`removal_policy: destroy`): the data and its backups are lost")
        return (f"a new, empty table {after} is created (a key schema cannot change in place); the old table "
                f"{before} {fate}; its stream ARN changes for consumers outside the stack")
    if kind == "queue":
        return (f"a new queue {after} is created and {before} deleted: the messages waiting in it are lost, and "
                "its URL and ARN change for producers and consumers outside the stack")
    if kind == "topic":
        return (f"a new topic {after} is created and {before} deleted: subscriptions made outside the stack are "
                "lost, and its ARN changes for publishers outside the stack")
    if kind == "event_bus":
        return (f"a new event bus {after} is created and {before} deleted: rules and archives on it made "
                "outside the stack are lost, and its ARN changes")
    if kind == "log_group":
        fate = ("is left behind outside the stack with its events (`removal_policy: retain`)" if _retained(old, "retain")
                else "is deleted with its events (`removal_policy: destroy`)")
        return f"a new, empty log group {after} is created; the old one {before} {fate}"
    if kind == "secret":
        return (f"a new secret {after} is created with a newly generated value; the old one {before} is "
                + ("left behind outside the stack (`removal_policy: retain`)" if _retained(old, "retain")
                   else "scheduled for deletion (`removal_policy: destroy`)")
                + ": whoever holds the old value (a partner, a database user) must get the new one")
    if kind == "connection":
        return (f"a new connection {after} is created and {before} deleted: its ARN changes, and the "
                "credentials EventBridge keeps for it are stored again")
    if kind == "activity":
        return f"a new activity {after} is created and {before} deleted: {_ACTIVITY_TASKS}"
    if kind == "key":
        return (f"the alias {before} is deleted and {after} created; the key itself stays, but callers that "
                "name the old alias fail")
    return None


# kind -> (its removal_policy default, what removing it costs when retained, when destroyed)
_REMOVAL: dict[str, tuple[str, str, str]] = {
    "bucket": ("retain", "the bucket {name} is left behind outside the stack with its objects (`removal_policy: retain`)",
               "the bucket {name} is deleted with its objects (`removal_policy: destroy`): the data is lost"),
    "table": ("retain", "the table {name} is left behind outside the stack with its items (`removal_policy: retain`)",
              "the table {name} is deleted with its items (`removal_policy: destroy`): the data is lost"),
    "queue": ("destroy", "the queue {name} is left behind outside the stack with its messages (`removal_policy: retain`)",
              "the queue {name} is deleted: the messages waiting in it are lost"),
    "log_group": ("retain",
                  "the log group {name} is left behind outside the stack with its events (`removal_policy: retain`)",
                  "the log group {name} is deleted with its events (`removal_policy: destroy`)"),
    "secret": ("retain", "the secret {name} is left behind outside the stack with its value (`removal_policy: retain`)",
               "the secret {name} is scheduled for deletion: its generated value is lost"),
    "key": ("retain", "the key {name} is left behind outside the stack (`removal_policy: retain`)",
            "the key {name} is scheduled for deletion: after its waiting period, everything encrypted "
            "with it can no longer be decrypted"),
    # An activity has no removal policy: deleting it drops the tasks waiting in it.
    "activity": ("destroy", "", "the activity {name} is deleted: " + _ACTIVITY_TASKS),
}


# Kinds whose removal from the stack loses (or strands) data: flagged as data loss.
HOLDS_DATA = tuple(_REMOVAL)


def removal_cost(kind: str, dump: Mapping[str, Any], name: str) -> str | None:
    """What removing the resource from the stack loses, or None for a kind that holds no data."""
    if kind not in _REMOVAL:
        return None
    default, retained, destroyed = _REMOVAL[kind]
    return (retained if _retained(dump, default) else destroyed).format(name=name)
