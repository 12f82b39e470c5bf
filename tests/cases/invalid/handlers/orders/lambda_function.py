"""Order handler used by the invalid test cases."""


def lambda_handler(event, context):
    return {"order_id": event.get("order_id"), "status": "accepted"}
