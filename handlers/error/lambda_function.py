import json


def lambda_handler(event, context):
    return {
        # The Cause is JSON text; decoding it shows the message as written, not as \u escapes.
        'error_message': json.loads(event['Cause']),
    }
