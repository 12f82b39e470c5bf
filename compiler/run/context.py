"""The context object ``$$`` and the identities (ARNs, names) it reports."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

STANDARD = "STANDARD"
EXPRESS = "EXPRESS"


@dataclass(frozen=True, slots=True)
class Identity:
    """Where the execution pretends to run."""

    region: str = "us-east-1"
    account: str = "123456789012"
    partition: str = "aws"

    def arn(self, service: str, resource: str) -> str:
        return f"arn:{self.partition}:{service}:{self.region}:{self.account}:{resource}"

    def state_machine_arn(self, name: str) -> str:
        return self.arn("states", f"stateMachine:{name}")

    def role_arn(self, name: str) -> str:
        return f"arn:{self.partition}:iam::{self.account}:role/{name}"


@dataclass(frozen=True, slots=True)
class ExecutionInfo:
    """What ``$$.Execution`` and ``$$.StateMachine`` say; fixed for a whole execution."""

    execution_arn: str
    name: str
    state_machine_arn: str
    state_machine_name: str
    role_arn: str
    start_time: str
    input: Any
    machine_type: str = STANDARD
    synchronous: bool = False  # started by StartSyncExecution (Express only)

    def execution_object(self) -> dict[str, Any]:
        if self.machine_type == EXPRESS:
            express = {"Id": self.execution_arn, "Input": self.input, "Name": self.name, "RoleArn": self.role_arn,
                       "StartTime": self.start_time}
            # Recorded: a synchronous Express execution's context has no RedriveCount.
            return express if self.synchronous else {**express, "RedriveCount": 0}
        return {
            "Id": self.execution_arn,
            "Input": self.input,
            "StartTime": self.start_time,
            "Name": self.name,
            "RoleArn": self.role_arn,
            "RedriveCount": 0,
        }

    def state_machine_object(self) -> dict[str, Any]:
        return {"Id": self.state_machine_arn, "Name": self.state_machine_name}


def execution_arn(identity: Identity, machine_name: str, name: str, machine_type: str, suffix: str) -> str:
    if machine_type == EXPRESS:
        return identity.arn("states", f"express:{machine_name}:{name}:{suffix}")
    return identity.arn("states", f"execution:{machine_name}:{name}")


class ContextBase:
    """The parts of ``$$`` shared by every state of one execution (built once).

    ``record_arn`` is the execution whose record (``Runtime.executions``) holds the states run here:
    the execution itself, or for a Distributed Map's child execution the parent that runs the map.
    """

    __slots__ = ("execution", "info", "record_arn", "state_machine")

    def __init__(self, info: ExecutionInfo, record_arn: str | None = None) -> None:
        self.info = info
        self.record_arn = record_arn or info.execution_arn
        self.execution = info.execution_object()
        self.state_machine = info.state_machine_object()

    def for_state(
        self,
        name: str,
        entered_time: str,
        *,
        retry_count: int | None = None,
        token: str | None = None,
        map_item: tuple[int, Any] | None = None,
    ) -> dict[str, Any]:
        state: dict[str, Any] = {"Name": name, "EnteredTime": entered_time}
        if retry_count is not None:
            state["RetryCount"] = retry_count
        ctx: dict[str, Any] = {"Execution": self.execution, "StateMachine": self.state_machine, "State": state}
        if token is not None:
            ctx["Task"] = {"Token": token}
        if map_item is not None:
            ctx["Map"] = {"Item": {"Index": map_item[0], "Value": map_item[1]}}
        return ctx
