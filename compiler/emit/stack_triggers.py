"""Triggers of a state machine: EventBridge Scheduler schedules, EventBridge rules (S3 uploads
included) and API Gateway HTTP API routes, each with its own least-privilege role.

L1 resources throughout: the S3 bucket's EventBridge notifications are a property of the bucket
(CDK's ``eventBridgeEnabled`` would add a custom resource with a Lambda function instead).
"""

from __future__ import annotations

import json
from typing import Any

from aws_cdk import Fn, Stack
from aws_cdk import aws_apigatewayv2 as apigw
from aws_cdk import aws_events as events
from aws_cdk import aws_iam as iam
from aws_cdk import aws_logs as logs
from aws_cdk import aws_scheduler as scheduler
from aws_cdk import aws_stepfunctions as sfn

from compiler.emit.stack_resolve import Resolver, SynthError
from compiler.model.spec import StateMachine
from compiler.model.triggers import (
    EventInput,
    EventRuleTrigger,
    HttpApiTrigger,
    S3ObjectCreatedTrigger,
    ScheduleTrigger,
)
from compiler.triggers.patterns import s3_pattern

ACCESS_LOG_FORMAT = json.dumps({
    "requestId": "$context.requestId", "ip": "$context.identity.sourceIp", "caller": "$context.identity.caller",
    "requestTime": "$context.requestTime", "routeKey": "$context.routeKey", "status": "$context.status",
    "integrationError": "$context.integrationErrorMessage"}, separators=(",", ":"))
PRINCIPALS = {"schedule": "scheduler.amazonaws.com", "event_rule": "events.amazonaws.com",
              "s3_object_created": "events.amazonaws.com", "http_api": "apigateway.amazonaws.com"}


def add_triggers(stack: Stack, resolver: Resolver, key: str, model: StateMachine, machine: sfn.StateMachine) -> None:
    for name, trigger in model.triggers.items():
        cid = f"{key}_{name}_trigger"
        target = machine.state_machine_arn if trigger.alias is None else Fn.join(
            ":", [machine.state_machine_arn, trigger.alias])
        sync = isinstance(trigger, HttpApiTrigger) and model.type == "express"
        role = _role(stack, cid, PRINCIPALS[trigger.type], machine, trigger.alias, sync)
        if isinstance(trigger, ScheduleTrigger):
            _schedule(stack, resolver, cid, trigger, target, role)
        elif isinstance(trigger, HttpApiTrigger):
            _http_api(stack, cid, trigger, target, role, sync)
        else:
            _rule(stack, resolver, cid, trigger, target, role)


def _role(stack: Stack, cid: str, service: str, machine: sfn.StateMachine, alias: str | None,
          sync: bool) -> iam.Role:
    role = iam.Role(stack, f"{cid}_role", assumed_by=iam.ServicePrincipal(service))
    role.add_to_policy(iam.PolicyStatement(
        actions=["states:StartSyncExecution" if sync else "states:StartExecution"],
        # AWS authorizes an alias against the machine's own ARN, narrowed by the qualifier.
        resources=[machine.state_machine_arn],
        conditions={"StringEquals": {"states:StateMachineQualifier": alias}} if alias else None,
    ))
    return role


def _schedule(stack: Stack, resolver: Resolver, cid: str, trigger: ScheduleTrigger, target: str,
              role: iam.Role) -> None:
    window = trigger.flexible_window_minutes
    scheduler.CfnSchedule(
        stack, cid,
        schedule_expression=trigger.expression,
        schedule_expression_timezone=trigger.time_zone,
        flexible_time_window=scheduler.CfnSchedule.FlexibleTimeWindowProperty(
            mode="FLEXIBLE" if window else "OFF", maximum_window_in_minutes=window),
        state="ENABLED" if trigger.enabled else "DISABLED",
        description=trigger.description,
        target=scheduler.CfnSchedule.TargetProperty(
            arn=target, role_arn=role.role_arn,
            input=_json(resolver, trigger.input) if trigger.input is not None else None),
    )


def _rule(stack: Stack, resolver: Resolver, cid: str, trigger: EventRuleTrigger | S3ObjectCreatedTrigger,
          target: str, role: iam.Role) -> None:
    if isinstance(trigger, S3ObjectCreatedTrigger):
        bucket = resolver.get(trigger.bucket)
        resource = bucket.node.default_child
        if resource is None:
            raise SynthError(f"trigger on bucket '{trigger.bucket}': an existing bucket's notifications cannot be "
                             "turned on by this stack")
        resource.add_property_override("NotificationConfiguration.EventBridgeConfiguration.EventBridgeEnabled", True)
        pattern = s3_pattern(bucket.bucket_name, trigger.prefix, trigger.suffix)
        bus = None
        enabled = True
    else:
        pattern = resolver.value(trigger.event_pattern)
        bus = resolver.string(trigger.event_bus) if trigger.event_bus else None
        enabled = trigger.enabled
    events.CfnRule(
        stack, cid,
        event_pattern=pattern,
        event_bus_name=bus,
        state="ENABLED" if enabled else "DISABLED",
        description=trigger.description,
        targets=[events.CfnRule.TargetProperty(id="machine", arn=target, role_arn=role.role_arn,
                                               **_event_input(resolver, trigger))],
    )


def _event_input(resolver: Resolver, trigger: EventInput) -> dict[str, Any]:
    if trigger.input is not None:
        return {"input": _json(resolver, trigger.input)}
    if trigger.input_transformer is not None:
        t = trigger.input_transformer
        return {"input_transformer": events.CfnRule.InputTransformerProperty(
            input_template=t.input_template, input_paths_map=dict(sorted(t.input_paths_map.items())) or None)}
    return {}


def _http_api(stack: Stack, cid: str, trigger: HttpApiTrigger, target: str, role: iam.Role, sync: bool) -> None:
    api = apigw.CfnApi(stack, f"{cid}_api", name=f"{stack.stack_name}-{cid}"[:128], protocol_type="HTTP",
                       description=trigger.description)
    integration = apigw.CfnIntegration(
        stack, f"{cid}_integration",
        api_id=api.ref,
        integration_type="AWS_PROXY",
        integration_subtype="StepFunctions-StartSyncExecution" if sync else "StepFunctions-StartExecution",
        credentials_arn=role.role_arn,
        payload_format_version="1.0",
        request_parameters={"StateMachineArn": target, "Input": "$request.body"},
    )
    apigw.CfnRoute(stack, f"{cid}_route", api_id=api.ref, route_key=trigger.route,
                   authorization_type="AWS_IAM" if trigger.authorization == "aws_iam" else "NONE",
                   target=Fn.join("/", ["integrations", integration.ref]))
    # Access logs (cdk-nag APIG1): who called, and what the integration answered.
    access_logs = logs.LogGroup(stack, f"{cid}_access_logs")
    apigw.CfnStage(stack, f"{cid}_stage", api_id=api.ref, stage_name="$default", auto_deploy=True,
                   access_log_settings=apigw.CfnStage.AccessLogSettingsProperty(
                       destination_arn=access_logs.log_group_arn, format=ACCESS_LOG_FORMAT))


def _json(resolver: Resolver, value: Any) -> str:
    return resolver.string(json.dumps(value, separators=(",", ":"), sort_keys=True, ensure_ascii=False))
