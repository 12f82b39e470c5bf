"""Resource ARNs from AWS's data: an action's resource types, their ARN formats filled in from a
task's parameters (a literal, a spec resource, a spec parameter already substituted).

A variable of the format (``${TableName}``) is taken from the parameter of that name, or of that
name without ``Name``/``Id`` (``Bucket`` for ``${BucketName}``), or one ending with it
(``TranscriptionJobName`` for ``${JobName}``). A parameter chosen at run time gives ``*`` for that
part and a reason naming it; a parameter the call does not have means the format does not apply.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from compiler.iam.base import ACCOUNT, PARTITION, REGION, Context, Task, Value
from compiler.iam.data import Action, index
from compiler.refs import Ref

VARIABLE = re.compile(r"\$\{([A-Za-z0-9]+)\}")
PSEUDO = {"Partition": PARTITION, "Region": REGION, "Account": ACCOUNT}
# Parameter names that differ from the format's variable by more than a suffix.
ALIASES = {"ObjectName": ("Key",), "QueueName": ("QueueUrl",), "BucketName": ("Bucket",),
           # A call on the resource itself names it ``Name``/``Id`` (StartCrawler, CreateSchedule,
           # DeleteVirtualCluster).
           "CrawlerName": ("Name",), "ScheduleName": ("Name",), "VirtualClusterId": ("Id",)}
# (IAM prefix, resource type, variable) -> parameter names for that resource type only: a schedule
# group's own calls name it ``Name`` (CreateScheduleGroup), where a schedule's ``Name`` is the schedule's.
# DataBrew names a job ``Name``, its ARN format ``${ResourceId}`` (StartJobRun).
KIND_ALIASES = {("scheduler", "schedule-group", "GroupName"): ("Name",), ("databrew", "Job", "ResourceId"): ("Name",)}
# A part of the ARN the call fills in itself when the parameter is left out (CreateSchedule:
# "If you omit this, the default schedule group is used", Scheduler API reference).
DEFAULTS = {("scheduler", "schedule", "GroupName"): "default"}
# (IAM prefix, resource type) -> the spec kind whose ``${key.arn}`` is exactly that resource.
SPEC_KINDS = {
    ("dynamodb", "table"): "table",
    ("s3", "bucket"): "bucket",
    ("lambda", "function"): "function",
    ("states", "stateMachine"): "state_machine",
    ("sqs", "queue"): "queue",
    ("sns", "topic"): "topic",
    ("events", "event-bus"): "event_bus",
    ("kms", "key"): "key",
    ("secretsmanager", "Secret"): "secret",
    ("logs", "log-group"): "log_group",
    ("iam", "role"): "role",
    ("events", "connection"): "connection",
    ("states", "activity"): "activity",
}
QUEUE_URL = re.compile(r"^https://sqs\.([a-z0-9-]+)\.amazonaws\.com[^/]*/(\d{12})/([A-Za-z0-9_.-]+)$")


@dataclass
class Resources:
    """The ARNs found for one action, with why any of them has a wildcard."""

    arns: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    runtime: list[str] = field(default_factory=list)  # parameters chosen at run time

    def add(self, other: Resources) -> None:
        self.arns += [a for a in other.arns if a not in self.arns]
        self.reasons += [r for r in other.reasons if r not in self.reasons]
        self.runtime += [r for r in other.runtime if r not in self.runtime]


def for_action(task: Task, action: Action, ctx: Context, *, use: tuple[str, ...] | None = None) -> Resources:
    """The resources ``action`` needs for ``task``: every resource type its parameters name."""
    if not action.takes_resources:
        return Resources(["*"], [f"{action} takes no resource-level permission (AWS's authorization data)"])
    kinds = [kind for kind, _ in action.resource_types if use is None or kind in use]
    required = [kind for kind, needed in action.resource_types if needed and (use is None or kind in use)]
    out = Resources()
    unnamed: list[str] = []
    for kind in kinds:
        found = fill(task, action.prefix, kind, ctx)
        if found is None:
            unnamed.append(kind)
        else:
            out.add(found)
    for kind in required:
        if kind in unnamed:
            # A resource the call must name, but not through a parameter we can read (a job run
            # the call itself starts): the parts the parameters do name stay, the rest is ``*``.
            fmt = index().arn_format(action.prefix, kind) or "*"
            found = _partial(task, action.prefix, kind, fmt)
            found.reasons.insert(0, f"state '{task.name}': {action} needs a {kind}, not named by its parameters")
            out.add(found)
    if not out.arns:
        out.add(Resources(["*"], [f"state '{task.name}': the parameters name none of {action}'s resource types ({', '.join(kinds)})"]))
    return out


def fill(task: Task, prefix: str, kind: str, ctx: Context) -> Resources | None:
    """The ARN of resource type ``kind`` from the task's parameters; None when they don't name it."""
    fmt = index().arn_format(prefix, kind)
    if fmt is None:
        return None
    variables = [v for v in VARIABLE.findall(fmt) if v not in PSEUDO]
    if not variables:
        return Resources([_pseudo(fmt)])
    whole = _arn_parameter(task, kind)
    if whole is None and (prefix, kind) == ("sqs", "queue"):
        whole = task.get("QueueUrl")
    if whole is not None:
        return _whole(task, whole, prefix, kind, fmt, ctx)
    values: dict[str, Value] = {}
    for variable in variables:
        value = _parameter(task, variable, prefix, kind)
        if value is None:
            return None
        values[variable] = value
    single = values[variables[-1]]
    text_value = single.template or ""
    if text_value.startswith("arn:") or (len(variables) == 1 and _spec_arn(single, prefix, kind, ctx)):
        return _whole(task, single, prefix, kind, fmt, ctx)
    out = Resources()
    text = _pseudo(fmt)
    for variable, value in values.items():
        if value.template is None:
            out.reasons.append(task.runtime(value.name))
            out.runtime.append(value.name)
            part = "*"
        else:
            part = _queue_name(value.template) if variable == "QueueName" else value.template
        text = text.replace(f"${{{variable}}}", part)
    bucket = values.get("BucketName")
    if prefix == "s3" and bucket is not None and bucket.ref is not None and ctx.kind(bucket.ref) == "bucket":
        # Exactly the spec bucket: its ARN token rather than one rebuilt from its name.
        text = text.replace(f"arn:{PARTITION}:s3:::{bucket.template}", str(Ref(bucket.ref.key, "arn")))
    out.arns.append(_collapse(text))
    return out


def _whole(task: Task, value: Value, prefix: str, kind: str, fmt: str, ctx: Context) -> Resources:
    if value.template is None:
        return Resources([_wildcard(fmt)], [task.runtime(value.name)], [value.name])
    spec = _spec_arn(value, prefix, kind, ctx)
    if spec is not None:
        return Resources([spec])
    if value.ref is not None and value.ref.attr == "url" and ctx.kind(value.ref) == "queue":
        return Resources([str(Ref(value.ref.key, "arn"))])
    text = value.template
    if prefix == "sqs" and QUEUE_URL.match(text):
        match = QUEUE_URL.match(text)
        assert match is not None
        return Resources([f"arn:{PARTITION}:sqs:{match.group(1)}:{match.group(2)}:{match.group(3)}"])
    return Resources([text])


def _spec_arn(value: Value, prefix: str, kind: str, ctx: Context) -> str | None:
    ref = value.ref
    wanted = SPEC_KINDS.get((prefix, kind))
    if ref is None or wanted is None or ctx.kind(ref) != wanted:
        return None
    return str(Ref(ref.key, "arn"))


def _arn_parameter(task: Task, kind: str) -> Value | None:
    stem = re.sub(r"[^a-z0-9]", "", kind.lower())
    for key in task.payload:
        name = key[:-2] if key.endswith(".$") else key
        if name.endswith("Arn") and name[:-3].lower() == stem:
            return task.get(name)
    return None


def _partial(task: Task, prefix: str, kind: str, fmt: str) -> Resources:
    """The format with the variables the parameters name filled in and ``*`` for the others."""
    out = Resources()
    text = _pseudo(fmt)
    for variable in VARIABLE.findall(text):
        value = _parameter(task, variable, prefix, kind)
        part = "*"
        if value is not None and value.template is not None and not value.template.startswith("arn:"):
            part = value.template
        elif value is not None and value.template is not None:
            part = _name_in_arn(value.template, variable) or "*"
        elif value is not None and value.template is None:
            out.reasons.append(task.runtime(value.name))
            out.runtime.append(value.name)
        text = text.replace(f"${{{variable}}}", part)
    out.arns.append(_collapse(text))
    return out


def _name_in_arn(text: str, variable: str) -> str | None:
    """The name a ``${ClusterName}`` part wants from an ARN of that resource type
    (``arn:aws:ecs:us-east-1:123456789012:cluster/jobs`` -> ``jobs``), else None."""
    parts = text.split(":", 5)
    if len(parts) < 6 or not variable.endswith("Name") or "${" in parts[5]:
        return None
    resource_type, slash, name = parts[5].partition("/")
    if not slash or resource_type.lower() != variable[: -len("Name")].lower() or not name or "/" in name:
        return None
    return name


def _parameter(task: Task, variable: str, prefix: str, kind: str) -> Value | None:
    found = _named(task, variable, KIND_ALIASES.get((prefix, kind, variable), ()))
    if found is None and (prefix, kind, variable) in DEFAULTS:
        return Value(DEFAULTS[prefix, kind, variable], variable)
    return found


def _named(task: Task, variable: str, more: tuple[str, ...] = ()) -> Value | None:
    names = [variable, *more, *ALIASES.get(variable, ())]
    for suffix in ("Name", "Id"):
        if variable.endswith(suffix) and len(variable) > len(suffix):
            names.append(variable[: -len(suffix)])
    for name in names:
        found = task.get(name)
        if found is not None:
            return found
    keys = [k[:-2] if k.endswith(".$") else k for k in task.payload]
    for key in keys:
        if key.endswith(variable):
            return task.get(key)
    return None


def _queue_name(text: str) -> str:
    match = QUEUE_URL.match(text)
    if match:
        return match.group(3)
    ref = re.fullmatch(r"\$\{([A-Za-z][A-Za-z0-9_]*)\.url\}", text)
    return f"${{{ref.group(1)}.name}}" if ref else text


def _pseudo(fmt: str) -> str:
    for variable, replacement in PSEUDO.items():
        fmt = fmt.replace(f"${{{variable}}}", replacement)
    return fmt


def _wildcard(fmt: str) -> str:
    return _collapse(VARIABLE.sub("*", _pseudo(fmt)))


def _collapse(text: str) -> str:
    while "**" in text:
        text = text.replace("**", "*")
    return text
