"""Alarms on a machine's AWS/States metrics (actions to topics) and notifications of its
execution status changes (an EventBridge rule; CDK's targets add the topic/queue policies, the
Lambda permission or the role that lets EventBridge deliver)."""

from __future__ import annotations

from typing import Any

from aws_cdk import Duration, Stack
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as actions
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_iam as iam
from aws_cdk import aws_stepfunctions as sfn

from compiler.emit.stack_resolve import Resolver, SynthError
from compiler.model.monitoring import METRICS
from compiler.model.spec import StateMachine

TIME_STATISTIC = "Maximum"  # execution_time: the slowest execution of the period


def add_alarms(stack: Stack, resolver: Resolver, key: str, model: StateMachine, machine: sfn.StateMachine,
               resources: dict[str, Any]) -> dict[str, cloudwatch.Alarm]:
    built = {}
    for name, spec in model.alarms.items():
        metric = cloudwatch.Metric(
            namespace="AWS/States", metric_name=METRICS[spec.metric],
            dimensions_map={"StateMachineArn": machine.state_machine_arn},
            statistic=TIME_STATISTIC if spec.metric == "execution_time" else "Sum",
            period=Duration.seconds(spec.period_seconds),
        )
        alarm = cloudwatch.Alarm(
            stack, f"{key}_{name}_alarm",
            metric=metric,
            threshold=spec.threshold,
            evaluation_periods=spec.evaluation_periods,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
            alarm_name=resolver.string(spec.alarm_name) if spec.alarm_name else None,
            alarm_description=spec.description,
        )
        for topic in spec.actions:
            alarm.add_alarm_action(actions.SnsAction(resolver.get(topic)))
            _let_use_key(resolver, resources, topic, "cloudwatch.amazonaws.com")
        built[name] = alarm
    return built


def add_notifications(stack: Stack, resolver: Resolver, key: str, model: StateMachine,
                      machine: sfn.StateMachine, resources: dict[str, Any]) -> None:
    for name, spec in model.notifications.items():
        rule = events.Rule(
            stack, f"{key}_{name}_notification",
            description=spec.description,
            event_pattern=events.EventPattern(
                source=["aws.states"], detail_type=["Step Functions Execution Status Change"],
                detail={"stateMachineArn": [machine.state_machine_arn], "status": list(spec.statuses)}),
        )
        message = _Transformer(dict(sorted(spec.input_transformer.input_paths_map.items())),
                               spec.input_transformer.input_template) if spec.input_transformer else None
        for target in spec.targets:
            rule.add_target(_target(resolver, target, message))
            _let_use_key(resolver, resources, target, "events.amazonaws.com")


class _Transformer(events.RuleTargetInput):
    """The spec's input transformer as written: CDK's RuleTargetInput.from_object would rename the
    paths map's keys and re-serialize the template."""

    def __init__(self, paths: dict[str, str], template: str) -> None:
        super().__init__()
        self._paths, self._template = paths, template

    def bind(self, rule: events.IRule) -> events.RuleTargetInputProperties:
        return events.RuleTargetInputProperties(input_paths_map=self._paths or None, input_template=self._template)


def _target(resolver: Resolver, key: str, message: events.RuleTargetInput | None) -> Any:
    construct = resolver.get(key)
    # Each target class names the transformed input its own way.
    for attribute, make, keyword in (("topic_arn", targets.SnsTopic, "message"),
                                     ("queue_arn", targets.SqsQueue, "message"),
                                     ("state_machine_arn", targets.SfnStateMachine, "input"),
                                     ("function_arn", targets.LambdaFunction, "event")):
        if hasattr(construct, attribute):
            return make(construct, **({keyword: message} if message is not None else {}))
    raise SynthError(f"'{key}' ({type(construct).__name__}) cannot receive notifications")


def _let_use_key(resolver: Resolver, resources: dict[str, Any], key: str, service: str) -> None:
    """A topic encrypted with a key of the spec: the service that publishes to it may use that key."""
    topic = resources.get(key)
    if topic is None or topic.type != "topic" or getattr(topic, "key", None) is None:
        return
    master = resolver.get(topic.key)
    if hasattr(master, "add_to_resource_policy"):
        master.add_to_resource_policy(iam.PolicyStatement(
            principals=[iam.ServicePrincipal(service)],
            actions=["kms:Decrypt", "kms:GenerateDataKey*"],
            resources=["*"],
        ))
