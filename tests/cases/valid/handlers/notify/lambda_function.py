"""Sends a notification; used by the valid test cases."""

from __future__ import annotations


async def _send(message):
    return {"sent": message}


def lambda_handler(event, context):
    return {"sent": event.get("message", "")}
