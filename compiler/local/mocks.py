"""``--mock KEY=JSON``: fixed task results, by resource ARN (or glob) or by Lambda function name."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from compiler.local.resources import INVOKE, unqualified
from compiler.run import LambdaFunction, LambdaInvoker, TaskContext


def mock_table(given: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """``(mocks for execute(), function name -> result)``.

    A key that is neither an ARN nor a glob is taken as a function name: it answers that
    function's ARN in any region and account, with or without a qualifier, and ``lambda:invoke``
    tasks whose FunctionName names it.
    """
    mocks: dict[str, Any] = {}
    by_function: dict[str, Any] = {}
    for key, value in given.items():
        mocks[key] = value
        if not key.startswith("arn:") and not any(c in key for c in "*?[") and not key.startswith("${"):
            mocks[f"arn:*:lambda:*:function:{key}"] = value
            mocks[f"arn:*:lambda:*:function:{key}:*"] = value
            by_function[key] = value
        elif key.startswith("arn:") and ":function:" in key:
            by_function[unqualified(key)] = value
    return mocks, by_function


class MockedInvoke:
    """``lambda:invoke`` tasks: a mocked function answers with Invoke's response, others run their handler."""

    def __init__(self, by_function: Mapping[str, Any], functions: Mapping[str, LambdaFunction]) -> None:
        self.by_function = dict(by_function)
        self.lambdas = LambdaInvoker(functions)

    def invoke(self, resource: str, parameters: Any, context: TaskContext) -> Any:
        name = parameters.get("FunctionName") if isinstance(parameters, dict) else None
        if isinstance(name, str):
            base = unqualified(name)
            for key in (name, base, base.rsplit(":", 1)[-1]):
                if key in self.by_function:
                    value = self.by_function[key]
                    payload = value(parameters, context) if callable(value) else value
                    # Invoke's response as the optimized integration gives it (headers left out).
                    return {"ExecutedVersion": "$LATEST", "Payload": payload, "StatusCode": 200}
        return self.lambdas.invoke(resource, parameters, context)


def invoke_routes(by_function: Mapping[str, Any], functions: Mapping[str, LambdaFunction]) -> dict[str, Any]:
    """Invokers that make function-name mocks apply to ``lambda:invoke`` tasks too."""
    if not by_function:
        return {}
    return {f"{INVOKE}*".replace("arn:aws:", "arn:*:", 1): MockedInvoke(by_function, functions)}
