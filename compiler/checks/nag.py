"""cdk-nag findings that come from the spec's own choices, reported before synth (W411).

``compiler synth`` (and ``cdk synth``) run cdk-nag's AwsSolutions pack and refuse the stack on any
finding that ``stack.nag_acknowledgements`` does not accept. What the tool generates by itself is
nag-clean by construction, or acknowledges its one necessary wildcard itself (``compiler.emit``);
what remains comes from a choice written in the spec, so it is reported here, at that entry, with
the fix or the exact acknowledgement to paste.

The rules are data: ``KIND_RULES`` says, for every resource kind, which cdk-nag rules its emitted
resources can break and when (a kind that emits nothing nag flags says so with an empty tuple);
machines are checked below. tests/checks/test_nag.py refuses a kind missing from the table, and
tests/emit/test_synth_differential.py holds the table against cdk-nag itself: on every spec of the
repository and on generated ones, the findings of a synth are exactly the ones predicted here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from compiler import diagnostics as codes
from compiler.checks import CheckContext
from compiler.diagnostics import Finding
from compiler.iam import machine_collect
from compiler.iam.versions import function_versions_key
from compiler.ir import Machine, Program
from compiler.model.spec import acknowledgement_to_paste
from compiler.source import Path

PACK = "AwsSolutions"
# The newest runtime of each family in the pinned aws-cdk-lib's Runtime.ALL: what cdk-nag's L1
# compares with (tests/checks/test_nag.py reads Runtime.ALL to keep this true).
LATEST_RUNTIMES = {"python": "python3.14", "nodejs": "nodejs24.x"}


class Flag(NamedTuple):
    """One finding cdk-nag will report: its rule, the spec entry synth names, where the spec causes it."""

    rule: str  # without the pack: "S1"
    key: str  # the resource or machine key (the construct id cdk-nag names)
    message: str
    path: Path
    fix: str | None = None
    on_key: bool = False

    @property
    def rule_id(self) -> str:
        return f"{PACK}-{self.rule}"


class Entry(NamedTuple):
    key: str
    model: Any
    base: Path
    written: dict[str, Any]  # the entry as written (to point at a field only when it is there)
    program: Program

    def at(self, field: str) -> tuple[Path, bool]:
        """The field's path when written, else the entry's key (``on_key``)."""
        return ((*self.base, field), False) if field in self.written else (self.base, True)


Rule = Callable[[Entry], Iterator[Flag]]


def _bucket_access_logs(entry: Entry) -> Iterator[Flag]:
    yield Flag("S1", entry.key, "the bucket has no server access logs (the spec has no access-log setting)",
               entry.base, None, on_key=True)


def _latest_runtime(entry: Entry) -> Iterator[Flag]:
    runtime = str(entry.model.runtime)
    latest = LATEST_RUNTIMES["python" if runtime.startswith("python") else "nodejs"]
    if runtime != latest:
        path, on_key = entry.at("runtime")
        yield Flag("L1", entry.key, f"runtime {runtime} is not the newest of its family ({latest})", path,
                   f"set 'runtime: {latest}'", on_key)


def _aws_managed_policies(entry: Entry) -> Iterator[Flag]:
    if entry.model.aws_managed_policies:
        yield Flag("IAM4", entry.key, "the role uses AWS managed policies "
                   f"({', '.join(entry.model.aws_managed_policies)})", (*entry.base, "aws_managed_policies"),
                   "attach a policy of your own with the actions the role needs")


def _statement_wildcards(entry: Entry) -> Iterator[Flag]:
    yield from _wildcards(entry.key, entry.model.statements or [], (*entry.base, "statements"))


def _table_recovery(entry: Entry) -> Iterator[Flag]:
    if not entry.model.point_in_time_recovery:
        path, on_key = entry.at("point_in_time_recovery")
        yield Flag("DDB3", entry.key, "the table has no point-in-time recovery", path,
                   "set 'point_in_time_recovery: true' (the default)", on_key)


def _queue_dead_letter(entry: Entry) -> Iterator[Flag]:
    if entry.model.dead_letter is not None:
        return
    resources = entry.program.spec.resources
    if any(getattr(getattr(other, "dead_letter", None), "queue", None) == entry.key for other in resources.values()):
        return  # it is a dead-letter queue itself
    yield Flag("SQS3", entry.key, "the queue has no dead-letter queue and is none", entry.base,
               "give it 'dead_letter: {queue: <a spec queue>}'", on_key=True)


def _key_rotation(entry: Entry) -> Iterator[Flag]:
    if not entry.model.enable_key_rotation:
        path, on_key = entry.at("enable_key_rotation")
        yield Flag("KMS5", entry.key, "the key does not rotate", path, "set 'enable_key_rotation: true' (the default)",
                   on_key)


def _secret_rotation(entry: Entry) -> Iterator[Flag]:
    yield Flag("SMG4", entry.key, "the secret is not rotated automatically (the spec has no rotation setting)",
               entry.base, None, on_key=True)


KIND_RULES: dict[str, tuple[Rule, ...]] = {
    "bucket": (_bucket_access_logs,),  # S2/S10 (public access, TLS) are met by construction
    "function": (_latest_runtime,),  # IAM4: without a role of its own it gets a log-write role, not the managed one
    "role": (_aws_managed_policies, _statement_wildcards),
    "managed_policy": (_statement_wildcards,),
    "layer": (),
    "state_machine": (),  # a machine deployed elsewhere: nothing is emitted
    "table": (_table_recovery,),
    "queue": (_queue_dead_letter,),  # SQS2/SQS4 (encryption, TLS) are met by construction
    "topic": (),  # SNS3 (TLS only) is met by construction
    "event_bus": (),  # EVB1 (open access) needs a bus policy, which the spec cannot write
    "key": (_key_rotation,),
    "log_group": (),  # encryption and retention are the spec's own settings; the pack has no rule on them
    "secret": (_secret_rotation,),
    "connection": (),
    "task_definition": (),  # registered elsewhere: nothing is emitted
    "activity": (),  # the pack has no rule on activities
}


def check(ctx: CheckContext) -> Iterator[Finding]:
    assert ctx.program is not None, "a late check: the machines' IAM comes from the lowered program"
    acks = ctx.spec.stack.nag_acknowledgements

    def accepted(flag: Flag) -> bool:
        return any(a.rule == flag.rule_id and (a.resources is None or flag.key in a.resources) for a in acks)

    for flag in flags(ctx.program, ctx.data):
        if not accepted(flag):
            yield finding(flag)


def finding(flag: Flag) -> Finding:
    paste = acknowledgement_to_paste(flag.rule_id, flag.key)
    accept = f"accept it with a reason: add to stack.nag_acknowledgements: {paste}"
    hint = f"{flag.fix}, or {accept}" if flag.fix else accept
    return Finding(codes.W_NAG, f"cdk-nag {flag.rule_id} on '{flag.key}': {flag.message}", flag.path, hint,
                   on_key=flag.on_key)


def flags(program: Program, data: Any) -> Iterator[Flag]:
    """Every finding cdk-nag's AwsSolutions pack will report on the stack, acknowledged or not."""
    data = data if isinstance(data, dict) else {}
    written = _section(data, "resources")
    for key, resource in program.spec.resources.items():
        if getattr(resource, "existing", None) is not None:
            continue  # imported: nothing of it is emitted
        entry = Entry(key, resource, ("resources", key), _section(written, key), program)
        for rule in KIND_RULES.get(resource.type, ()):
            yield from rule(entry)
    written = _section(data, "state_machines")
    for key, machine in program.machines.items():
        yield from _machine(program, machine, Entry(key, machine.model, ("state_machines", key), _section(written, key),
                                                    program))


def _machine(program: Program, machine: Machine, entry: Entry) -> Iterator[Flag]:
    model = machine.model
    if model.logging is None or model.logging.level != "all":
        path, on_key = entry.at("logging")
        yield Flag("SF1", entry.key, "the machine does not log ALL events to CloudWatch Logs", path,
                   "set 'logging: {level: all}'", on_key)
    if not model.tracing:
        path, on_key = entry.at("tracing")
        yield Flag("SF2", entry.key, "the machine has no X-Ray tracing", path, "set 'tracing: true'", on_key)
    # What the stack adds to the machine's role (the generated one, or the spec's `role`, whose key
    # cdk-nag then names): the registry's statements and the spec's additions.
    owner = model.role or entry.key
    unsupported: list[Any] = []
    collected = machine_collect(program, machine, unsupported)
    if model.role is not None and unsupported:
        collected = []  # synth adds none of them to the spec's own role (E380 otherwise)
    for statement in collected:
        wild = [r for r in statement.resources if "*" in r and not _own_function_versions(program, r)]
        state = statement.states[0] if statement.states else ""
        where = (*machine.state_paths[state], "resource") if state in machine.state_paths else entry.base
        for resource in wild:
            yield Flag("IAM5", owner, f"state '{state}': {', '.join(statement.actions)} on {resource}", where,
                       "name the target exactly (a literal or a spec resource) where the call allows it")
    yield from _wildcards(owner, model.statements, (*entry.base, "statements"))


def _own_function_versions(program: Program, resource: str) -> bool:
    key = function_versions_key(resource)
    function = program.spec.resources.get(key) if key is not None else None
    return function is not None and function.type == "function" and getattr(function, "existing", None) is None


def _wildcards(key: str, statements: list[Any], base: Path) -> Iterator[Flag]:
    for i, statement in enumerate(statements):
        if statement.effect == "deny":
            continue  # cdk-nag's IAM5 reads Allow statements only
        wild = [a for a in statement.actions if "*" in a] + [r for r in statement.resources if "*" in r]
        if wild:
            yield Flag("IAM5", key, f"the statement grants wildcards ({', '.join(wild)})", (*base, i),
                       "name the actions and resources exactly")


def _section(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    return value if isinstance(value, dict) else {}
