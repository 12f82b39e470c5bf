"""What AWS refuses in tables, queues, topics, event buses and keys, said at validate time.

- E383: a FIFO queue or topic whose name lacks '.fifo' (or the reverse); content-based
  deduplication on a standard one.
- E384: a dead-letter queue SQS refuses: the queue itself, or one of the other type (a FIFO
  queue's dead-letter queue must be FIFO, a standard queue's standard).
- E385: a table key schema DynamoDB refuses (a sort key named like the partition key, a key
  attribute name over 255 characters).
- E386: a number outside the range AWS accepts (visibility timeout, retention, receives, ...).
- E387: provisioned billing without both capacities, or capacities with on-demand billing.
- E388: ``${table.stream_arn}`` of a table with no stream.
- E389: a name AWS reserves (a new event bus called ``default``, a key alias under ``alias/aws/``).

Names are checked by ``limits`` (E340); values holding ``${...}`` are left to synth time.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from compiler import diagnostics as codes
from compiler.checks import CheckContext
from compiler.checks.walk import reference_strings
from compiler.diagnostics import Finding
from compiler.model.resources_data import Key, Table
from compiler.model.resources_messaging import EventBus, Queue, Topic
from compiler.refs import refs_in
from compiler.source import Path

# field -> (low, high, unit): the ranges the service's API accepts.
RANGES: dict[str, dict[str, tuple[int, int, str]]] = {
    "queue": {
        "visibility_timeout": (0, 43_200, "seconds"),
        "retention_period": (60, 1_209_600, "seconds"),
        "delivery_delay": (0, 900, "seconds"),
    },
    "table": {"read_capacity": (1, 40_000, "units"), "write_capacity": (1, 40_000, "units")},
    "key": {"pending_window_days": (7, 30, "days")},
}
MAX_RECEIVES = (1, 1_000)
MAX_KEY_ATTRIBUTE = 255


def check(ctx: CheckContext) -> Iterator[Finding]:
    resources = ctx.spec.resources
    for key, resource in resources.items():
        base: Path = ("resources", key)
        yield from _ranges(resource, base)
        if isinstance(resource, Queue | Topic):
            yield from _fifo(resource, base)
        if isinstance(resource, Queue):
            yield from _dead_letter(key, resource, base, resources)
        elif isinstance(resource, Table):
            yield from _table(resource, base)
        elif isinstance(resource, EventBus | Key):
            yield from _reserved(resource, base)
    yield from _stream_refs(ctx)


def _ranges(resource: Any, base: Path) -> Iterator[Finding]:
    if getattr(resource, "existing", None) is not None:
        return
    for field, (low, high, unit) in RANGES.get(resource.type, {}).items():
        value = getattr(resource, field, None)
        if value is not None and not low <= value <= high:
            yield Finding(codes.E_RESOURCE_RANGE, f"{field} is {value:,} {unit}; AWS accepts {low:,} to {high:,}",
                          (*base, field), f"choose a value from {low:,} to {high:,} {unit}")


def _is_fifo_name(name: str | None) -> bool | None:
    if name is None or "${" in name:
        return None
    return name.endswith(".fifo")


def _fifo(resource: Queue | Topic, base: Path) -> Iterator[Finding]:
    if resource.existing is not None:
        return
    field = f"{resource.type}_name"
    what = resource.type
    named_fifo = _is_fifo_name(getattr(resource, field))
    if resource.fifo and named_fifo is False:
        yield Finding(codes.E_FIFO, f"a FIFO {what}'s name must end with '.fifo'", (*base, field),
                      f"name it '{getattr(resource, field)}.fifo', or leave {field} out and let CloudFormation name it")
    elif not resource.fifo and named_fifo:
        yield Finding(codes.E_FIFO, f"{field} ends with '.fifo' but the {what} is not FIFO", (*base, field),
                      "add 'fifo: true', or drop the '.fifo' suffix")
    if resource.content_based_deduplication and not resource.fifo:
        yield Finding(codes.E_FIFO, f"content-based deduplication needs a FIFO {what}",
                      (*base, "content_based_deduplication"), "add 'fifo: true', or remove content_based_deduplication")


def queue_is_fifo(queue: Any) -> bool | None:
    """Whether a spec queue is FIFO (an imported one: from its name or ARN; None if unknown)."""
    if queue.existing is None:
        return bool(queue.fifo)
    return _is_fifo_name(queue.existing.queue_name or queue.existing.queue_arn)


def _dead_letter(key: str, queue: Queue, base: Path, resources: Any) -> Iterator[Finding]:
    dead = queue.dead_letter
    if dead is None:
        return
    path: Path = (*base, "dead_letter")
    low, high = MAX_RECEIVES
    if not low <= dead.max_receive_count <= high:
        yield Finding(codes.E_RESOURCE_RANGE, f"max_receive_count is {dead.max_receive_count}; SQS accepts {low} to {high:,}",
                      (*path, "max_receive_count"), "the number of receives before a message moves to the dead-letter queue")
    if dead.queue == key:
        yield Finding(codes.E_DEAD_LETTER, f"queue '{key}' is its own dead-letter queue", (*path, "queue"),
                      "declare a second queue for the messages that fail")
        return
    target = resources.get(dead.queue)
    if not isinstance(target, Queue):
        return  # the references check reports a missing or wrong-kind key
    mine, theirs = bool(queue.fifo), queue_is_fifo(target)
    if theirs is not None and mine != theirs:
        kind = "FIFO" if mine else "standard"
        yield Finding(codes.E_DEAD_LETTER,
                      f"the dead-letter queue of a {kind} queue must be {kind} too; '{dead.queue}' is "
                      f"{'FIFO' if theirs else 'standard'}", (*path, "queue"),
                      f"make '{dead.queue}' {'a FIFO queue (fifo: true)' if mine else 'a standard queue'}")


def _table(table: Table, base: Path) -> Iterator[Finding]:
    if table.existing is not None:
        return
    for field in ("partition_key", "sort_key"):
        attribute = getattr(table, field)
        if attribute is not None and not 1 <= len(attribute.name) <= MAX_KEY_ATTRIBUTE:
            yield Finding(codes.E_KEY_SCHEMA,
                          f"{field} name is {len(attribute.name)} characters long; DynamoDB accepts 1 to {MAX_KEY_ATTRIBUTE}",
                          (*base, field, "name"), "a key attribute's name takes 1 to 255 characters")
    if table.partition_key is not None and table.sort_key is not None \
            and table.partition_key.name == table.sort_key.name:
        yield Finding(codes.E_KEY_SCHEMA, f"the sort key and the partition key are both '{table.sort_key.name}'",
                      (*base, "sort_key", "name"), "a sort key is a second attribute; leave it out for a key of one attribute")
    capacities = [f for f in ("read_capacity", "write_capacity") if getattr(table, f) is not None]
    if table.billing_mode == "provisioned" and len(capacities) < 2:
        yield Finding(codes.E_BILLING, "provisioned billing needs read_capacity and write_capacity",
                      (*base, "billing_mode"), "give both capacities, or use 'billing_mode: pay_per_request'")
    elif table.billing_mode == "pay_per_request":
        for field in capacities:
            yield Finding(codes.E_BILLING, f"{field} is set, but an on-demand table (pay_per_request) has no capacity",
                          (*base, field), "remove it, or use 'billing_mode: provisioned'")


def _reserved(resource: EventBus | Key, base: Path) -> Iterator[Finding]:
    if resource.existing is not None:
        return
    if isinstance(resource, EventBus) and resource.event_bus_name is not None:
        name = resource.event_bus_name
        if name == "default":
            yield Finding(codes.E_RESERVED_NAME, "'default' is the account's own event bus; a new bus cannot take it",
                          (*base, "event_bus_name"), "import it instead: 'existing: {event_bus_name: default}'")
        elif "/" in name and "${" not in name:
            yield Finding(codes.E_RESERVED_NAME, "a custom event bus name cannot contain '/' (only partner buses do)",
                          (*base, "event_bus_name"), "use '-', '_' or '.' instead")
    if isinstance(resource, Key) and resource.alias is not None and resource.alias.startswith("alias/aws/"):
        yield Finding(codes.E_RESERVED_NAME, f"'{resource.alias}': the prefix 'alias/aws/' is reserved for AWS managed keys",
                      (*base, "alias"), "choose another alias, e.g. 'alias/orders'")


def _stream_refs(ctx: CheckContext) -> Iterator[Finding]:
    resources = ctx.spec.resources
    for path, text in reference_strings(ctx.data):
        for ref, _ in refs_in(text):
            table = resources.get(ref.key)
            if ref.attr != "stream_arn" or not isinstance(table, Table):
                continue
            if table.existing is None and table.stream is None:
                yield Finding(codes.E_ATTRIBUTE_MISSING, f"{ref}: table '{ref.key}' has no stream", path,
                              f"add 'stream: new_and_old_images' (or keys_only, new_image, old_image) to '{ref.key}'")
            elif table.existing is not None and table.existing.table_stream_arn is None:
                yield Finding(codes.E_ATTRIBUTE_MISSING, f"{ref}: the imported table '{ref.key}' names no stream", path,
                              f"add 'table_stream_arn' to the 'existing' of '{ref.key}'")
