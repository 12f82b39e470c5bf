"""Triggers run locally: the event each trigger delivers, and the input its target passes on.

``compiler run --trigger NAME`` starts the machine with ``local_input``: a schedule's input, an
EventBridge event (one that matches the rule's pattern, or an S3 ``Object Created`` event)
through the rule's ``input`` or input transformer, or an HTTP request's body.
"""
