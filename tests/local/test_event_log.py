"""Events put on a bus without rules (EventBridge keeps no record of them) are in the run's changes,
whether a task or a handler's own boto3 call put them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.local.conftest import Ran

HANDLER = """\
import boto3


def handler(event, context):
    boto3.client("events").put_events(Entries=[{"Source": "handler", "DetailType": "made", "Detail": '{"n": 3}'}])
    return event
"""

MACHINE = {"StartAt": "Sdk", "States": {
    "Sdk": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:eventbridge:putEvents",
            "Parameters": {"Entries": [{"Source": "sdk", "DetailType": "called", "Detail": "{\"n\": 1}"}]},
            "ResultPath": None, "Next": "Optimized"},
    "Optimized": {"Type": "Task", "Resource": "arn:aws:states:::events:putEvents",
                  "Parameters": {"Entries": [{"Source": "task", "DetailType": "put", "Detail": {"n": 2}}]},
                  "ResultPath": None, "Next": "Handler"},
    "Handler": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:emit", "End": True}}}


def test_every_event_put_during_the_run_is_listed(run_cli: Callable[..., Ran], tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "emit.py").write_text(HANDLER, encoding="utf-8")
    path = tmp_path / "events.asl.json"
    path.write_text(json.dumps(MACHINE), encoding="utf-8")
    ran = run_cli(str(path), "--handler", "emit=emit.py:handler", "--format", "json")
    assert ran.code == 0, ran.out + ran.err
    events = ran.json()["changes"]["events"]
    # The default bus has no rule: nothing in moto's records says these events were put.
    assert [(e["event_bus"], e["state"], e["Source"], e["Detail"]) for e in events] == [
        ("default", "Sdk", "sdk", {"n": 1}), ("default", "Optimized", "task", {"n": 2}),
        ("default", None, "handler", {"n": 3})]
    assert all(len(e["event_id"]) == 36 for e in events)
    text = run_cli(str(path), "--handler", "emit=emit.py:handler")
    assert "event bus default: handler made {\"n\": 3}" in text.out
