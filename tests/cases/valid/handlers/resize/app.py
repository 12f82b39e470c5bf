"""Resizes one image; used by the valid test cases (never imported by validate)."""

from __future__ import annotations


def handler(event, context):
    return {"key": event["key"], "width": event.get("width", 256)}
