"""compiler.diff.triggers: which trigger changes replace a resource, read from CloudFormation schemas."""

from __future__ import annotations

from typing import Any

import pytest

from compiler.diff import triggers

SCHEDULE = {"type": "schedule", "expression": "rate(1 hour)", "enabled": True}
API = {"type": "http_api", "route": "POST /orders", "authorization": "aws_iam"}


def test_a_schedule_edit_is_in_place_and_not_flagged() -> None:
    lines, flags = triggers.trigger_changes("m", {"t": SCHEDULE}, {"t": {**SCHEDULE, "expression": "rate(2 hours)",
                                                                         "enabled": False}})
    assert lines == ["trigger m.t (AWS::Scheduler::Schedule): updated in place, same name and ARN: "
                     "State ← `enabled`, ScheduleExpression ← `expression`"]
    assert flags == []


def test_another_type_replaces_the_resource() -> None:
    rule = {"type": "event_rule", "event_pattern": {"source": ["a"]}, "enabled": True}
    lines, flags = triggers.trigger_changes("m", {"t": SCHEDULE}, {"t": rule})
    assert "deletes the AWS::Scheduler::Schedule and creates a AWS::Events::Rule" in lines[0]
    assert [f.category for f in flags] == ["replacement"]


def test_an_http_route_edit_names_the_resource_it_touches() -> None:
    lines, flags = triggers.trigger_changes("m", {"api": API}, {"api": {**API, "route": "PUT /orders"}})
    assert lines == ["trigger m.api (HTTP API (Api, Integration, Route, Stage)): updated in place, same name and "
                     "ARN: AWS::ApiGatewayV2::Route RouteKey ← `route`"]
    assert flags == []


def test_added_and_removed_triggers_are_said() -> None:
    lines, flags = triggers.trigger_changes("m", {"old": SCHEDULE}, {"new": API})
    assert lines == ["trigger m.new (HTTP API (Api, Integration, Route, Stage)): added",
                     "trigger m.old (AWS::Scheduler::Schedule): removed, so nothing starts the machine this way any "
                     "more"]
    assert flags == []


def test_the_verdict_follows_the_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    """Were ScheduleExpression create-only, the same edit would be a flagged replacement."""
    def schema(kind: str) -> dict[str, Any]:
        return {"createOnlyProperties": ["/properties/ScheduleExpression"]}

    monkeypatch.setattr(triggers, "resource_schema", schema)
    lines, flags = triggers.trigger_changes("m", {"t": SCHEDULE}, {"t": {**SCHEDULE, "expression": "rate(2 hours)"}})
    assert "replaced, create-only in its CloudFormation schema: ScheduleExpression ← `expression`" in lines[0]
    assert [f.category for f in flags] == ["replacement"]


def test_the_shipped_schemas_agree_with_the_table() -> None:
    """Every property the table maps to exists in its resource's schema (a rename would go unnoticed)."""
    for kind, fields in triggers.PROPERTIES.items():
        for cfn_type, prop in fields.values():
            schema = triggers.resource_schema(cfn_type)
            assert schema is not None and prop in schema["properties"], (kind, cfn_type, prop)
