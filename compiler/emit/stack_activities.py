"""CDK constructs for Step Functions activities (a mixin of the Builder).

CDK's ``Activity`` with a ``CustomerManagedEncryptionConfiguration`` adds the key-policy statement
the encryption needs (``states.amazonaws.com`` may use the key for this activity only, by the
``aws:states:activityArn`` encryption context). The machines' roles get their ``kms:`` grants from
the IAM registry (``compiler/iam/activity.py``), for the tasks that run the activity.
"""

from __future__ import annotations

from typing import Any

from aws_cdk import Duration, Stack
from aws_cdk import aws_stepfunctions as sfn

from compiler.emit.stack_data import attributes
from compiler.emit.stack_resolve import Resolver
from compiler.model.resources import Activity


class ActivityBuilders:
    """``build_activity``; the Builder supplies the fields below."""

    stack: Stack
    resolver: Resolver
    key: str

    def _opt(self, text: str | None) -> str | None:
        raise NotImplementedError

    def build_activity(self, spec: Activity) -> sfn.IActivity:
        if spec.existing is not None:
            if spec.existing.activity_arn is not None:
                return sfn.Activity.from_activity_arn(self.stack, self.key, self.resolver.string(spec.existing.activity_arn))
            assert spec.existing.activity_name is not None
            return sfn.Activity.from_activity_name(self.stack, self.key, self.resolver.string(spec.existing.activity_name))
        encryption: Any = None
        if spec.encryption is not None:
            encryption = sfn.CustomerManagedEncryptionConfiguration(
                self.resolver.get(spec.encryption.key), Duration.seconds(spec.encryption.data_key_reuse_seconds))
        return sfn.Activity(self.stack, self.key, activity_name=self._opt(spec.activity_name),
                            encryption_configuration=encryption)


ATTRIBUTES: dict[str, Any] = {"activity": attributes(arn="activity_arn", name="activity_name")}
