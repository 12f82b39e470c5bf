"""``compiler run`` of a spec with activities: no pre-run refusal (a worker's answer comes at run
time), ``--task-answer`` answers by state name, ``--mock-error`` of the activity's ARN fails it."""

from __future__ import annotations

from collections.abc import Callable

from tests.cli_run import Ran
from tests.conftest import REPO

CASE = REPO / "tests" / "cases" / "valid" / "activities.yaml"
SHIP = "arn:aws:states:us-east-1:123456789012:activity:ship-order"  # imported by name: its local ARN


def test_each_worker_answers_by_state_name(run_cli: Callable[..., Ran]) -> None:
    ran = run_cli(str(CASE), "--input", '{"id": 7}', "--task-answer", 'Approve={"approved": true}',
                  "--task-answer", 'Pack={"parcel": 1}', "--task-answer", 'Ship={"tracking": "T1"}',
                  "--format", "json")
    assert ran.code == 0, ran.err
    assert ran.json()["output"] == {"tracking": "T1"}
    events = [e["type"] for e in ran.json()["executions"][0]["events"]]
    assert events.count("ActivitySucceeded") == 3 and "TaskScheduled" not in events


def test_a_worker_failure_by_the_activitys_arn_and_a_missing_worker_times_out(run_cli: Callable[..., Ran]) -> None:
    ran = run_cli(str(CASE), "--task-answer", 'Approve={"approved": true}', "--task-answer", 'Pack={}',
                  "--mock-error", f"{SHIP}=Lost:no carrier", "--format", "json")
    assert ran.code == 1 and (ran.json()["error"], ran.json()["cause"]) == ("Lost", "no carrier")
    ran = run_cli(str(CASE), "--task-answer", 'Approve={"approved": true}', "--format", "json")
    assert ran.code == 1 and ran.json()["error"] == "States.Timeout"  # Pack: nobody works on it for 3600 s


PRODUCTION = REPO / "examples" / "production" / "workflow.yaml"


def test_a_large_production_order_waits_for_the_review_worker(run_cli: Callable[..., Ran]) -> None:
    big = '{"order": "big-1", "amounts": [5000]}'
    ran = run_cli(str(PRODUCTION), "--input", big, "--task-answer", 'Review={"approved": true}', "--format", "json")
    assert ran.code == 0, ran.err
    assert ran.json()["output"]["message"] == "order big-1 scored 5000.0"
    events = ran.json()["executions"][0]["events"]
    (scheduled,) = [e["activityScheduledEventDetails"] for e in events if e["type"] == "ActivityScheduled"]
    assert scheduled["resource"].endswith(":activity:orders-production-review")
    assert (scheduled["heartbeatInSeconds"], scheduled["timeoutInSeconds"]) == (300, 86400)
    ran = run_cli(str(PRODUCTION), "--input", big, "--format", "json")
    assert ran.code == 1 and ran.json()["error"] == "States.Timeout"  # no reviewer: the heartbeat expires
