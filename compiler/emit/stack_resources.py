"""CDK constructs for the spec's resources: buckets, policies, roles, layers, functions (tables,
queues, topics, event buses and keys: ``stack_data.py``).

Construct ids are the spec keys, so logical ids stay stable when the spec is edited elsewhere.
``existing`` resources are imported (by name or ARN) and nothing is created for them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aws_cdk import Arn, ArnFormat, Duration, RemovalPolicy, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_stepfunctions as sfn

from compiler.deps import pip_build
from compiler.deps.plan import Plan, overridden, plan
from compiler.deps.requirements import read
from compiler.emit.stack_activities import ATTRIBUTES as ACTIVITY_ATTRIBUTES
from compiler.emit.stack_activities import ActivityBuilders
from compiler.emit.stack_data import ATTRIBUTES as DATA_ATTRIBUTES
from compiler.emit.stack_data import DataBuilders
from compiler.emit.stack_ops import ATTRIBUTES as OPS_ATTRIBUTES
from compiler.emit.stack_ops import OpsBuilders
from compiler.emit.stack_resolve import Resolver, SynthError
from compiler.ir import Program
from compiler.model.resources import Bucket, Function, Layer, ManagedPolicy, Role, StateMachineRef, Statement
from compiler.model.resources_compute import TaskDefinition
from compiler.model.resources_compute import attribute as task_definition_attribute

# Bytecode caches differ between machines and runs; they must not change the asset hash.
ASSET_EXCLUDE = ["__pycache__", "*.pyc"]


def register_resources(stack: Stack, resolver: Resolver, program: Program, root: Path) -> None:
    builds = plan(program)
    for key, resource in program.spec.resources.items():
        builder = Builder(stack, resolver, key, resource, root, program, builds)
        resolver.register(key, builder.build, ATTRIBUTES[resource.type])


class Builder(DataBuilders, OpsBuilders, ActivityBuilders):
    def __init__(self, stack: Stack, resolver: Resolver, key: str, resource: Any, root: Path, program: Program,
                 builds: Plan) -> None:
        self.stack, self.resolver, self.key, self.resource, self.root = stack, resolver, key, resource, root
        self.program, self.builds = program, builds

    def build(self) -> Any:
        method = getattr(self, f"build_{self.resource.type}")
        return method(self.resource)

    def build_bucket(self, spec: Bucket) -> s3.IBucket:
        if spec.existing is not None:
            if spec.existing.bucket_arn is not None:
                return s3.Bucket.from_bucket_arn(self.stack, self.key, self.resolver.string(spec.existing.bucket_arn))
            assert spec.existing.bucket_name is not None
            return s3.Bucket.from_bucket_name(self.stack, self.key, self.resolver.string(spec.existing.bucket_name))
        destroy = spec.removal_policy == "destroy"
        return s3.Bucket(
            self.stack,
            self.key,
            bucket_name=self._opt(spec.bucket_name),
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            enforce_ssl=True,
            encryption=s3.BucketEncryption.KMS_MANAGED
            if spec.encryption == "kms_managed"
            else s3.BucketEncryption.S3_MANAGED,
            versioned=spec.versioned,
            removal_policy=RemovalPolicy.DESTROY if destroy else RemovalPolicy.RETAIN,
            # Without emptying it first, CloudFormation cannot delete a bucket that holds objects.
            auto_delete_objects=destroy,
        )

    def build_managed_policy(self, spec: ManagedPolicy) -> iam.IManagedPolicy:
        if spec.existing is not None:
            if spec.existing.managed_policy_arn is not None:
                arn = self.resolver.string(spec.existing.managed_policy_arn)
                return iam.ManagedPolicy.from_managed_policy_arn(self.stack, self.key, arn)
            assert spec.existing.managed_policy_name is not None
            name = self.resolver.string(spec.existing.managed_policy_name)
            return iam.ManagedPolicy.from_managed_policy_name(self.stack, self.key, name)
        return iam.ManagedPolicy(
            self.stack,
            self.key,
            managed_policy_name=self._opt(spec.managed_policy_name),
            description=self._opt(spec.description),
            statements=[self.statement(s) for s in spec.statements or []],
        )

    def build_role(self, spec: Role) -> iam.IRole:
        if spec.existing is not None:
            if spec.existing.role_arn is not None:
                return iam.Role.from_role_arn(self.stack, self.key, self.resolver.string(spec.existing.role_arn))
            assert spec.existing.role_name is not None
            return iam.Role.from_role_name(self.stack, self.key, self.resolver.string(spec.existing.role_name))
        services = [spec.assumed_by] if isinstance(spec.assumed_by, str) else list(spec.assumed_by or [])
        principals: list[iam.IPrincipal] = [iam.ServicePrincipal(self.resolver.string(s)) for s in services]
        if not principals:
            raise SynthError(f"role '{self.key}' is assumed by no service")
        managed = [self.resolver.get(k) for k in spec.managed_policies]
        managed += [iam.ManagedPolicy.from_aws_managed_policy_name(n) for n in spec.aws_managed_policies]
        role = iam.Role(
            self.stack,
            self.key,
            role_name=self._opt(spec.role_name),
            description=self._opt(spec.description),
            assumed_by=principals[0] if len(principals) == 1 else iam.CompositePrincipal(*principals),
            managed_policies=managed or None,
        )
        for statement in spec.statements:
            role.add_to_policy(self.statement(statement))
        return role

    def build_layer(self, spec: Layer) -> lambda_.ILayerVersion:
        if spec.layer_version_arn is not None and (spec.requirements is None or overridden(self.program, spec)):
            arn = self.resolver.string(spec.layer_version_arn)
            return lambda_.LayerVersion.from_layer_version_arn(self.stack, self.key, arn)
        runtimes: list[str] | None = list(spec.compatible_runtimes or []) or None
        architectures: list[str] | None = list(spec.compatible_architectures or []) or None
        if spec.requirements is not None:
            item = self.builds.item(self.key)
            if item is None:
                raise SynthError(f"layer '{self.key}' cannot be built for its functions (compiler validate says why)")
            # A zip file asset: CDK hashes its bytes, which the build keeps identical for the same inputs.
            code = lambda_.Code.from_asset(str(self._built(spec.requirements, item.target, item.prefix).zip_path))
            runtimes = runtimes or [item.target.runtime]
            architectures = architectures or [item.target.architecture]
        else:
            assert spec.code is not None
            code = lambda_.Code.from_asset(str(self.root / spec.code), exclude=ASSET_EXCLUDE)
        return lambda_.LayerVersion(
            self.stack,
            self.key,
            code=code,
            layer_version_name=self._opt(spec.layer_version_name),
            description=self._opt(spec.description),
            compatible_runtimes=[runtime(r) for r in runtimes] if runtimes else None,
            compatible_architectures=[_architecture(a) for a in architectures] if architectures else None,
        )

    def _built(self, requirements: str | list[str], target: Any, prefix: str) -> pip_build.Built:
        try:
            return pip_build.build(read(requirements, self.root), target, prefix=prefix, root=self.root)
        except Exception as exc:  # validate reports these at the line; synth refuses with the same words
            raise SynthError(f"'{self.key}': requirements cannot be built: {exc}",
                             ("resources", self.key, "requirements")) from exc

    def _function_code(self, spec: Function) -> lambda_.Code:
        assert spec.code is not None
        item = self.builds.item(self.key)
        if spec.requirements is None or item is None:
            return lambda_.Code.from_asset(str(self.root / spec.code), exclude=ASSET_EXCLUDE)
        deps = self._built(spec.requirements, item.target, item.prefix)
        return lambda_.Code.from_asset(str(pip_build.bundle(deps, self.root / spec.code).zip_path))

    def build_function(self, spec: Function) -> lambda_.IFunction:
        if spec.existing is not None:
            if spec.existing.function_arn is not None:
                arn = self.resolver.string(spec.existing.function_arn)
                return lambda_.Function.from_function_arn(self.stack, self.key, arn)
            assert spec.existing.function_name is not None
            name = self.resolver.string(spec.existing.function_name)
            return lambda_.Function.from_function_name(self.stack, self.key, name)
        assert spec.code is not None and spec.handler is not None
        log_group = role = None
        if spec.role is None:
            # The function's own role, nag-clean by construction: CDK's default role carries the AWS
            # managed AWSLambdaBasicExecutionRole (cdk-nag IAM4, and logs:* on every log group); this
            # one may write only to the function's own log group, made first (a log group made by the
            # function itself would depend on it: a cycle).
            # Named as Lambda names it when the function's name is known, kept on stack deletion: as CDK's own.
            function_name = self._opt(spec.function_name)
            log_group = logs.LogGroup(self.stack, f"{self.key}-LogGroup", removal_policy=RemovalPolicy.RETAIN,
                                      log_group_name=f"/aws/lambda/{function_name}" if function_name is not None else None)
            role = iam.Role(self.stack, f"{self.key}-ServiceRole",
                            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"))
            log_group.grant_write(role)
        function = lambda_.Function(
            self.stack,
            self.key,
            function_name=self._opt(spec.function_name),
            description=self._opt(spec.description),
            code=self._function_code(spec),
            handler=spec.handler,
            runtime=runtime(spec.runtime),
            architecture=_architecture(spec.architecture),
            # Sorted: the template must not depend on the order keys were written in.
            environment={k: self.resolver.string(v) for k, v in sorted(spec.environment.items())} or None,
            layers=[self.resolver.get(k) for k in spec.layers] or None,
            role=self.resolver.get(spec.role) if spec.role is not None else role,
            log_group=log_group,
            memory_size=spec.memory_size,
            timeout=Duration.seconds(spec.timeout),
            reserved_concurrent_executions=spec.reserved_concurrent_executions,
        )
        return function

    def build_state_machine(self, spec: StateMachineRef) -> sfn.IStateMachine:
        if spec.existing.state_machine_arn is not None:
            arn = self.resolver.string(spec.existing.state_machine_arn)
            return sfn.StateMachine.from_state_machine_arn(self.stack, self.key, arn)
        assert spec.existing.state_machine_name is not None
        name = self.resolver.string(spec.existing.state_machine_name)
        return sfn.StateMachine.from_state_machine_name(self.stack, self.key, name)

    def build_task_definition(self, spec: TaskDefinition) -> dict[str, str]:
        # Registered elsewhere: nothing is built; its references are its ARN and family.
        pseudo = ("${AWS::Partition}", "${AWS::Region}", "${AWS::AccountId}")
        return {attr: self.resolver.string(task_definition_attribute(spec.existing, attr, *pseudo))
                for attr in ("arn", "family")}

    def statement(self, spec: Statement) -> iam.PolicyStatement:
        return iam.PolicyStatement(
            sid=spec.sid,
            effect=iam.Effect.DENY if spec.effect == "deny" else iam.Effect.ALLOW,
            actions=list(spec.actions),
            resources=[self.resolver.string(r) for r in spec.resources],
            conditions=self.resolver.value(spec.conditions) if spec.conditions else None,
        )

    def _opt(self, text: str | None) -> str | None:
        return None if text is None else self.resolver.string(text)


def _architecture(name: str) -> lambda_.Architecture:
    return lambda_.Architecture.ARM_64 if name == "arm64" else lambda_.Architecture.X86_64


def runtime(name: str) -> lambda_.Runtime:
    """``python3.12`` -> ``Runtime.PYTHON_3_12``, ``nodejs20.x`` -> ``Runtime.NODEJS_20_X``."""
    attr = name.replace("python", "PYTHON_").replace("nodejs", "NODEJS_").replace(".", "_").upper()
    value: lambda_.Runtime = getattr(lambda_.Runtime, attr)
    return value


def _bucket_attr(bucket: Any, attr: str) -> str:
    return {
        "arn": lambda: bucket.bucket_arn,
        "name": lambda: bucket.bucket_name,
        "domain_name": lambda: bucket.bucket_domain_name,
        "regional_domain_name": lambda: bucket.bucket_regional_domain_name,
    }[attr]()


def _arn_name(arn_attr: str, name_attr: str) -> Any:
    def attribute(construct: Any, attr: str) -> str:
        value: str = getattr(construct, arn_attr if attr == "arn" else name_attr)
        return value

    return attribute


def _split_name(arn_attr: str, arn_format: ArnFormat) -> Any:
    """Imported policies and state machines expose only their ARN: the name is split from it."""

    def attribute(construct: Any, attr: str) -> str:
        arn: str = getattr(construct, arn_attr)
        if attr == "arn":
            return arn
        name = Arn.split(arn, arn_format).resource_name
        assert name is not None
        return name

    return attribute


ATTRIBUTES: dict[str, Any] = {
    "bucket": _bucket_attr,
    "managed_policy": _split_name("managed_policy_arn", ArnFormat.SLASH_RESOURCE_NAME),
    "role": _arn_name("role_arn", "role_name"),
    "layer": _arn_name("layer_version_arn", "layer_version_arn"),
    "function": _arn_name("function_arn", "function_name"),
    "state_machine": _split_name("state_machine_arn", ArnFormat.COLON_RESOURCE_NAME),
    "task_definition": lambda built, attr: built[attr],
    **DATA_ATTRIBUTES,
    **OPS_ATTRIBUTES,
    **ACTIVITY_ATTRIBUTES,
}
