"""A handler file with a syntax error (the handlers check must report it, not import it)."""


def lambda_handler(event, context)
    return event
