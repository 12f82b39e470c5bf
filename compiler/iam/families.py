"""Which module knows a Task: the resource split once into service, action and pattern.

``arn:PARTITION:states:[REGION]:[ACCOUNT]:SERVICE:ACTION[.sync|.sync:2|.waitForTaskToken]``; a
Lambda function's ARN (or ``${fn.arn}``) and an activity's ARN as the resource are families too.
An unknown service, action or pattern is an ``UnsupportedIntegration`` with the closest known one.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from types import ModuleType
from typing import Any, NamedTuple

import compiler.iam.activity as activity
import compiler.iam.apigateway as apigateway
import compiler.iam.athena as athena
import compiler.iam.aws_sdk as aws_sdk
import compiler.iam.batch as batch
import compiler.iam.bedrock as bedrock
import compiler.iam.codebuild as codebuild
import compiler.iam.databrew as databrew
import compiler.iam.dynamodb as dynamodb
import compiler.iam.ecs as ecs
import compiler.iam.eks as eks
import compiler.iam.emr as emr
import compiler.iam.emr_containers as emr_containers
import compiler.iam.emr_serverless as emr_serverless
import compiler.iam.events as events
import compiler.iam.glue as glue
import compiler.iam.http as http
import compiler.iam.lambda_invoke as lambda_invoke
import compiler.iam.mediaconvert as mediaconvert
import compiler.iam.sagemaker as sagemaker
import compiler.iam.sns as sns
import compiler.iam.sqs as sqs
import compiler.iam.start_execution as start_execution
from compiler.iam.base import Context, Statement, Task, UnsupportedIntegration, Value

SERVICE_ARN = re.compile(
    r"^arn:[^:]+:states:[^:]*:[^:]*:(aws-sdk:[A-Za-z0-9-]+|[A-Za-z0-9-]+):([A-Za-z0-9]+)"
    r"(\.sync(?::2)?|\.waitForTaskToken)?$"
)
ACTIVITY = re.compile(r"^arn:[^:]+:states:[^:]*:[^:]*:activity:[^:]+$")

FAMILIES: tuple[ModuleType, ...] = (
    lambda_invoke, start_execution, sns, sqs, dynamodb, events, ecs, batch, glue, databrew, athena,
    emr, emr_containers, emr_serverless, eks, sagemaker, codebuild, mediaconvert, apigateway, http, bedrock,
)
BY_SERVICE: dict[str, ModuleType] = {module.SERVICE: module for module in FAMILIES}


class Parsed(NamedTuple):
    service: str
    action: str
    pattern: str


def parse(resource: str) -> Parsed | None:
    match = SERVICE_ARN.match(resource)
    if match is None:
        return None
    return Parsed(match.group(1), match.group(2), match.group(3) or "")


def task_statements(name: str, state: Mapping[str, Any], ctx: Context) -> list[Statement]:
    resource = state.get("Resource")
    if not isinstance(resource, str):
        raise UnsupportedIntegration(name, repr(resource), "the resource is not a string")
    payload = state.get("Parameters")
    if payload is None:
        payload = state.get("Arguments")
    payload = payload if isinstance(payload, Mapping) else {}
    if ACTIVITY.match(resource) or activity.is_activity(resource, ctx):
        return activity.statements(Task(name, resource, payload), ctx)
    misnamed = activity.misnamed(resource, ctx)
    if misnamed is not None:
        raise UnsupportedIntegration(name, resource, "an activity task's resource is the activity's ARN", misnamed)
    parsed = parse(resource)
    if parsed is None:
        if lambda_invoke.is_function(resource, ctx):
            return lambda_invoke.direct(Task(name, resource, payload), ctx)
        raise UnsupportedIntegration(name, resource, "not a service integration, function or activity ARN")
    task = Task(name, resource, payload, parsed.service, parsed.action, parsed.pattern)
    if parsed.service.startswith("aws-sdk:"):
        return aws_sdk.statements(task, ctx)
    family = BY_SERVICE.get(parsed.service)
    if family is None:
        close = difflib.get_close_matches(parsed.service, [*BY_SERVICE, "aws-sdk"], n=1)
        raise UnsupportedIntegration(name, resource, f"no optimized integration for '{parsed.service}'",
                                     close[0] if close else None)
    patterns: Mapping[str, tuple[str, ...]] = family.ACTIONS
    if parsed.action not in patterns:
        close = difflib.get_close_matches(parsed.action, list(patterns), n=1)
        raise UnsupportedIntegration(
            name, resource, f"'{parsed.service}' has no action '{parsed.action}'",
            f"{parsed.service}:{close[0]}" if close else None,
        )
    if parsed.pattern not in patterns[parsed.action]:
        allowed = ", ".join(p or "request-response" for p in patterns[parsed.action])
        raise UnsupportedIntegration(
            name, resource, f"'{parsed.service}:{parsed.action}' does not support '{parsed.pattern}' (it supports {allowed})"
        )
    handler: Callable[[Task, Context], list[Statement]] = family.statements
    return handler(task, ctx)


def task_notes(name: str, state: Mapping[str, Any], ctx: Context) -> list[tuple[str, str]]:
    """(message, hint) for a grant the spec could narrow by naming what the ASL does not say; a
    family says so with a ``notes(task, ctx)`` function (ECS: the task definition's roles)."""
    resource = state.get("Resource")
    parsed = parse(resource) if isinstance(resource, str) else None
    family = BY_SERVICE.get(parsed.service) if parsed is not None else None
    if parsed is None or family is None or not hasattr(family, "notes") or parsed.action not in family.ACTIONS:
        return []
    payload = state.get("Parameters")
    if payload is None:
        payload = state.get("Arguments")
    task = Task(name, str(resource), payload if isinstance(payload, Mapping) else {}, parsed.service, parsed.action,
                parsed.pattern)
    found: list[tuple[str, str]] = family.notes(task, ctx)
    return found


__all__ = ["BY_SERVICE", "FAMILIES", "Parsed", "Value", "parse", "task_notes", "task_statements"]
