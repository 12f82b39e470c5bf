"""Builds the message for a scored order (its own requirement bundled with its code)."""

from dateutil import parser


def lambda_handler(event, context):
    placed = event.get("placed_at") or "2026-01-01T00:00:00Z"
    return {"message": f"order {event.get('order')} scored {event.get('score')}",
            "placed": parser.isoparse(placed).date().isoformat()}
