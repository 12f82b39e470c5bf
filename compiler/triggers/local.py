"""``compiler run --trigger NAME``: which machine the trigger starts, and with what input."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from compiler.ir import Program
from compiler.model.resources import Bucket
from compiler.model.triggers import S3ObjectCreatedTrigger
from compiler.triggers.events import Delivery, deliver


class TriggerNotFound(Exception):
    pass


@dataclass(frozen=True)
class Started:
    machine: str  # the machine's key
    trigger: Any
    delivery: Delivery


def start(program: Program, name: str, machine: str | None = None, body: Any = None) -> Started:
    """The trigger ``name`` (of ``machine``, or the only machine that has one by that name)."""
    owners = [key for key, m in program.spec.state_machines.items() if name in m.triggers
              and (machine is None or machine in (key, program.machines[key].name))]
    if len(owners) != 1:
        known = sorted(f"{key}.{t}" for key, m in program.spec.state_machines.items() for t in m.triggers)
        where = "no machine has" if not owners else f"machines {', '.join(owners)} all have"
        raise TriggerNotFound(f"--trigger {name}: {where} a trigger by that name"
                              + (" (--machine chooses one)" if owners else "")
                              + (f"; the spec's triggers: {', '.join(known)}" if known else "; the spec has none"))
    key = owners[0]
    trigger = program.spec.state_machines[key].triggers[name]
    bucket_name = None
    if isinstance(trigger, S3ObjectCreatedTrigger):
        bucket = program.spec.resources.get(trigger.bucket)
        if isinstance(bucket, Bucket) and bucket.bucket_name:
            bucket_name = str(program.with_parameters(bucket.bucket_name))
    return Started(key, trigger, deliver(trigger, bucket_name, body))
