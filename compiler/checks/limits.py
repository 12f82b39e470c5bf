"""AWS limits: resource names, IAM action syntax, Lambda memory/timeout/layers, definition size.

Names that contain a ``${...}`` reference are skipped: their value is only known at synth time.
"""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Iterator
from typing import Any

from compiler import diagnostics as codes
from compiler.asl.definition import to_json
from compiler.checks import CheckContext
from compiler.diagnostics import Finding
from compiler.lower.asl import render_machine
from compiler.model.resources import Statement
from compiler.model.spec import Spec
from compiler.source import Path

MAX_DEFINITION_BYTES = 1_048_576
MEMORY = (128, 10_240)
TIMEOUT = (1, 900)
MAX_LAYERS = 5

_BUCKET = re.compile(r"[a-z0-9][a-z0-9.-]*[a-z0-9]")
_FUNCTION = re.compile(r"[A-Za-z0-9_-]+")
_IAM_NAME = re.compile(r"[\w+=,.@-]+")
_LAYER = re.compile(r"[A-Za-z0-9_-]+")
_TABLE = re.compile(r"[A-Za-z0-9_.-]+")
_EVENT_BUS = re.compile(r"[/.A-Za-z0-9_-]+")
_ALIAS = re.compile(r"alias/[A-Za-z0-9/_-]+")
_LOG_GROUP = re.compile(r"[.\-_/#A-Za-z0-9]+")
_SECRET = re.compile(r"[A-Za-z0-9/_+=.@-]+")
_CONNECTION = re.compile(r"[.\-_A-Za-z0-9]+")
_FAMILY = re.compile(r"[A-Za-z0-9_-]+")  # an ECS task definition family
# Characters the Step Functions API forbids in state machine names (whitespace and controls too).
_MACHINE_FORBIDDEN = re.compile(r'[\s<>{}\[\]?*"#%\\^|~`$&,;:/\x00-\x1f\x7f-\x9f]')
# service:Action, with * and ? wildcards in the action part; service prefixes are lowercase words.
_ACTION = re.compile(r"(?:\*|[A-Za-z0-9-]+:[A-Za-z0-9*?]+)")


def check(ctx: CheckContext) -> Iterator[Finding]:
    yield from _names(ctx)
    yield from _functions(ctx)
    yield from _statements(ctx)
    yield from _definition_size(ctx)


# Names ------------------------------------------------------------------------------------------


def bucket_name_problem(name: str) -> str | None:
    if not 3 <= len(name) <= 63:
        return f"is {len(name)} characters long; bucket names take 3 to 63"
    if not _BUCKET.fullmatch(name):
        return "may use lowercase letters, digits, '.' and '-' only, and must start and end with a letter or digit"
    if ".." in name:
        return "must not contain '..'"
    try:
        ipaddress.IPv4Address(name)
    except ValueError:
        pass
    else:
        return "must not be formatted as an IP address"
    if name.startswith(("xn--", "sthree-", "amzn-s3-demo-")):
        return "must not start with a reserved prefix ('xn--', 'sthree-', 'amzn-s3-demo-')"
    if name.endswith(("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3")):
        return "must not end with a reserved suffix ('-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3')"
    return None


def _pattern_problem(name: str, low: int, high: int, pattern: re.Pattern[str], allowed: str) -> str | None:
    if not low <= len(name) <= high:
        return f"is {len(name)} characters long; the limit is {low} to {high}"
    if not pattern.fullmatch(name):
        bad = next(ch for ch in name if not pattern.fullmatch(ch))
        return f"contains '{bad}' at character {name.index(bad) + 1}; allowed: {allowed}"
    return None


def machine_name_problem(name: str, what: str = "state machine names") -> str | None:
    """Step Functions' rule for the names of state machines and activities alike (CreateActivity)."""
    if not 1 <= len(name) <= 80:
        return f"is {len(name)} characters long; the limit is 1 to 80"
    bad = _MACHINE_FORBIDDEN.search(name)
    if bad:
        ch = bad.group()
        shown = "a space" if ch == " " else f"'{ch}'" if ch.isprintable() and not ch.isspace() else f"U+{ord(ch):04X}"
        return f"contains {shown} at character {bad.start() + 1}, which {what} cannot hold"
    return None


def fifo_name_problem(name: str, high: int) -> str | None:
    """SQS queues and SNS topics: letters, digits, '-' and '_', and a FIFO one's '.fifo' suffix
    (which counts toward the limit)."""
    stem = name[: -len(".fifo")] if name.endswith(".fifo") else name
    if not 1 <= len(name) <= high:
        return f"is {len(name)} characters long; the limit is 1 to {high} ('.fifo' included)"
    return _pattern_problem(stem, 1, high, _FUNCTION, "letters, digits, '-' and '_' (and a final '.fifo')")


def alias_problem(name: str) -> str | None:
    if not name.startswith("alias/"):
        return "must start with 'alias/' (e.g. 'alias/orders')"
    return _pattern_problem(name, 7, 256, _ALIAS, "letters, digits, '/', '_' and '-' after 'alias/'")


NAME_RULES: dict[str, Any] = {
    "bucket": bucket_name_problem,
    "function": lambda n: _pattern_problem(n, 1, 64, _FUNCTION, "letters, digits, '-' and '_'"),
    "role": lambda n: _pattern_problem(n, 1, 64, _IAM_NAME, "letters, digits and + = , . @ _ -"),
    "managed_policy": lambda n: _pattern_problem(n, 1, 128, _IAM_NAME, "letters, digits and + = , . @ _ -"),
    "layer": lambda n: _pattern_problem(n, 1, 140, _LAYER, "letters, digits, '-' and '_'"),
    "state_machine": machine_name_problem,
    "table": lambda n: _pattern_problem(n, 3, 255, _TABLE, "letters, digits, '_', '-' and '.'"),
    "queue": lambda n: fifo_name_problem(n, 80),
    "topic": lambda n: fifo_name_problem(n, 256),
    "event_bus": lambda n: _pattern_problem(n, 1, 256, _EVENT_BUS, "letters, digits, '.', '-', '_' (and '/' for partner buses)"),
    "key": alias_problem,
    "log_group": lambda n: _pattern_problem(n, 1, 512, _LOG_GROUP, "letters, digits and . - _ / #"),
    "secret": lambda n: _pattern_problem(n, 1, 512, _SECRET, "letters, digits and / _ + = . @ -"),
    "connection": lambda n: _pattern_problem(n, 1, 64, _CONNECTION, "letters, digits, '.', '-' and '_'"),
    "task_definition": lambda n: _pattern_problem(n, 1, 255, _FAMILY, "letters, digits, '-' and '_'"),
    "activity": lambda n: machine_name_problem(n, "activity names"),
}
# kind -> (the name field of a new resource, the name field of ``existing``)
_NAME_FIELDS: dict[str, str | tuple[str, str]] = {
    "bucket": "bucket_name", "function": "function_name", "role": "role_name",
    "managed_policy": "managed_policy_name", "layer": "layer_version_name", "state_machine": "state_machine_name",
    "table": "table_name", "queue": "queue_name", "topic": "topic_name", "event_bus": "event_bus_name",
    "key": ("alias", "alias_name"),
    "log_group": "log_group_name", "secret": "secret_name", "connection": "connection_name",
    "task_definition": "family",
    "activity": "activity_name",
}


def _name(kind: str, name: str | None, path: Path) -> Iterator[Finding]:
    if not name or "${" in name:
        return
    problem = NAME_RULES[kind](name)
    if problem is not None:
        field = path[-1]
        yield Finding(codes.E_NAME_LIMIT, f"{field} '{name}' {problem}", path,
                      "AWS rejects this name at deploy time; choose one that fits the rule")


def named_resources(spec: Spec) -> Iterator[tuple[str, str | None, Path]]:
    """(kind, name as written, path) for every name field of the spec's resources and machines."""
    for key, resource in spec.resources.items():
        base: Path = ("resources", key)
        fields = _NAME_FIELDS[resource.type]
        field, existing_field = (fields, fields) if isinstance(fields, str) else fields
        yield resource.type, getattr(resource, field, None), (*base, field)
        existing = getattr(resource, "existing", None)
        if existing is not None:
            yield resource.type, getattr(existing, existing_field, None), (*base, "existing", existing_field)
    for key, machine in spec.state_machines.items():
        yield "state_machine", machine.state_machine_name, ("state_machines", key, "state_machine_name")


def _names(ctx: CheckContext) -> Iterator[Finding]:
    for kind, name, path in named_resources(ctx.spec):
        yield from _name(kind, name, path)


# Functions and policies ---------------------------------------------------------------------------


def _functions(ctx: CheckContext) -> Iterator[Finding]:
    for key, resource in ctx.spec.resources.items():
        if resource.type != "function" or resource.existing is not None:
            continue
        base: Path = ("resources", key)
        low, high = MEMORY
        if not low <= resource.memory_size <= high:
            yield Finding(codes.E_MEMORY, f"memory_size is {resource.memory_size} MB; Lambda allows {low} to {high:,}",
                          (*base, "memory_size"), "memory is set in MB, e.g. 'memory_size: 256'")
        low, high = TIMEOUT
        if not low <= resource.timeout <= high:
            yield Finding(codes.E_TIMEOUT, f"timeout is {resource.timeout} s; Lambda allows {low} to {high}",
                          (*base, "timeout"), "timeout is in seconds; 900 is 15 minutes, Lambda's maximum")
        if len(resource.layers) > MAX_LAYERS:
            yield Finding(codes.E_LAYER_COUNT, f"{len(resource.layers)} layers; a function can use at most {MAX_LAYERS}",
                          (*base, "layers", MAX_LAYERS), "merge layers, or package the extra code with the function")


def _statements(ctx: CheckContext) -> Iterator[Finding]:
    for key, resource in ctx.spec.resources.items():
        statements: list[Statement] = list(getattr(resource, "statements", None) or [])
        for i, statement in enumerate(statements):
            for j, action in enumerate(statement.actions):
                if "${" in action or _ACTION.fullmatch(action):
                    continue
                yield Finding(codes.E_IAM_ACTION, f"'{action}' is not an IAM action",
                              ("resources", key, "statements", i, "actions", j), _action_hint(action))


def _action_hint(action: str) -> str:
    fixed = re.sub(r"^([A-Za-z0-9-]+)[.:/ ]+", r"\1:", action.strip())
    if fixed != action and _ACTION.fullmatch(fixed):
        return f"did you mean '{fixed}'?"
    return "write 'service:Action', e.g. 's3:PutObject' or 's3:Get*'"


# Definition size --------------------------------------------------------------------------------


# What the emitter may add to a state beyond the spec's own text: Type/Next/End, a Lambda service
# retrier, StartExecution parameters, placeholders. Generous on purpose: it only decides whether to
# emit and measure exactly.
_ASL_OVERHEAD_PER_STATE = 512


def _definition_size(ctx: CheckContext) -> Iterator[Finding]:
    raw_machines = ctx.data.get("state_machines")
    for key, machine in ctx.spec.state_machines.items():
        raw = raw_machines.get(key) if isinstance(raw_machines, dict) else None
        if raw is not None:
            # snake_case keys are never shorter than their PascalCase names, so this bounds the size.
            estimate = len(json.dumps(raw, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
            if estimate + _ASL_OVERHEAD_PER_STATE * _count_states(raw) < MAX_DEFINITION_BYTES:
                continue
        definition, _ = render_machine(machine)
        size = len(to_json(definition).encode("utf-8"))
        if size > MAX_DEFINITION_BYTES:
            yield Finding(codes.E_DEFINITION_SIZE,
                          f"machine '{key}' emits a definition of {size:,} bytes; Step Functions accepts at most "
                          f"{MAX_DEFINITION_BYTES:,}", ("state_machines", key),
                          "move large constant payloads to S3, or split the machine into nested ones", on_key=True)


def _count_states(raw: Any) -> int:
    """States in a raw machine, nested ones included (a rough count: every mapping under 'states')."""
    count = 0
    stack = [raw]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            states = node.get("states")
            if isinstance(states, dict):
                count += len(states)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return count
