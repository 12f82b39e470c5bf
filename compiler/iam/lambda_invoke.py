"""Lambda: ``arn:aws:states:::lambda:invoke[.waitForTaskToken]`` and a function ARN as the Resource.

Like CDK's ``LambdaInvoke``: ``lambda:InvokeFunction`` on the function ARN and on ``ARN:*`` (its
versions and aliases, which a qualified FunctionName or a later alias needs).
"""

from __future__ import annotations

import re

from compiler.iam.base import Context, Statement, Task, Value, arn

FUNCTION_ARN = re.compile(r"^arn:(aws[a-z-]*|\$\{AWS::Partition\}):lambda:[^:]*:[^:]*:function:([^:]+)(:.*)?$")
ACTION = "lambda:InvokeFunction"
SERVICE = "lambda"
ACTIONS = {"invoke": ("", ".waitForTaskToken")}


def is_function(resource: str, ctx: Context) -> bool:
    """A function's ARN as the Resource (or ``${fn.arn}``, the ARN straight from a reference)."""
    return bool(FUNCTION_ARN.match(resource)) or ctx.kind(Value(resource).ref) == "function"


def statements(task: Task, ctx: Context) -> list[Statement]:
    target = task.get("FunctionName")
    value = target if target is not None else Value(None, "FunctionName")
    return [_statement(task, value, ctx)]


def direct(task: Task, ctx: Context) -> list[Statement]:
    return [_statement(task, Value(task.resource, "Resource"), ctx)]


def _statement(task: Task, value: Value, ctx: Context) -> Statement:
    resources = function_resources(value, ctx)
    if value.template is None:
        return Statement((ACTION,), tuple(resources), reasons=(task.runtime(value.name),), runtime=(value.name,))
    return Statement((ACTION,), tuple(resources))


def function_resources(value: Value, ctx: Context) -> list[str]:
    """The function's ARN and ``ARN:*``; any function of the account when it is decided at run time."""
    if value.template is None:
        return [arn("lambda", "function:*")]
    ref = value.ref
    if ref is not None and ctx.kind(ref) == "function":
        base = str(type(ref)(ref.key, "arn"))
        return [base, f"{base}:*"]
    text = value.template
    match = FUNCTION_ARN.match(text)
    if match:
        base = text[: len(text) - len(match.group(3) or "")]
    elif text.count(":") >= 2 and ":function:" in text:
        # A partial ARN ``ACCOUNT:function:NAME[:QUALIFIER]``.
        account, _, rest = text.partition(":function:")
        base = f"arn:${{AWS::Partition}}:lambda:${{AWS::Region}}:{account}:function:{rest.split(':')[0]}"
    else:
        # A name, possibly qualified (``name:alias``).
        base = arn("lambda", f"function:{text.split(':')[0]}")
    return [base, f"{base}:*"]
