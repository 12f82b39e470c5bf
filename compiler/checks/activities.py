"""Activities: their encryption key, and the tasks that wait for their workers.

- E455: an activity encrypted with a ``key`` imported by alias (Step Functions needs the key's
  ARN in the activity's encryption configuration, and the machines' grants need it too);
- W443: a task runs an activity with neither ``timeout_seconds`` nor ``heartbeat_seconds``: when no
  worker polls (or one dies holding the task) the execution waits for up to a year (AWS: "Use
  timeouts to avoid stuck executions");
- W444: an activity encrypted with a key imported by ARN: the stack cannot add to that key's policy
  the statement it adds to a key it creates (``states.amazonaws.com`` may use the key for this
  activity, by the ``aws:states:activityArn`` encryption context, as CDK's Activity adds it).

Names are checked by ``limits`` (E340), the key's kind by ``references`` (E303), the data key
reuse period by the model (S203).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from compiler import diagnostics as codes
from compiler.checks import CheckContext
from compiler.checks.walk import states
from compiler.diagnostics import Finding
from compiler.model.resources import Activity
from compiler.model.states import TaskState
from compiler.refs import REFERENCE

ACTIVITY_ARN = re.compile(r"^arn:[^:]+:states:[^:]*:[^:]*:activity:[^:]+$")


def check(ctx: CheckContext) -> Iterator[Finding]:
    for key, resource in ctx.spec.resources.items():
        if isinstance(resource, Activity) and resource.encryption is not None:
            key_resource = ctx.spec.resources.get(resource.encryption.key)
            existing = getattr(key_resource, "existing", None)
            path = ("resources", key, "encryption", "key")
            if key_resource is None or key_resource.type != "key" or existing is None:
                continue
            if getattr(existing, "key_arn", None) is None:
                yield Finding(codes.E_ENCRYPTION_KEY,
                              f"activity '{key}' is encrypted with key '{resource.encryption.key}', imported by "
                              "alias: Step Functions needs the key's ARN", path,
                              "import the key with 'existing: {key_arn: ...}', or create it in this spec")
            else:
                yield Finding(codes.W_ACTIVITY_KEY_POLICY,
                              f"activity '{key}' is encrypted with key '{resource.encryption.key}', imported: this "
                              "stack cannot add the statement that lets Step Functions use it for the activity",
                              path, "add to the key's own policy: Allow states.amazonaws.com kms:Decrypt and "
                              "kms:GenerateDataKey when kms:EncryptionContext:aws:states:activityArn is the "
                              "activity's ARN; or create the key in this spec")
    for info in states(ctx.spec):
        state = info.state
        if not isinstance(state, TaskState) or state.resource is None or not _is_activity(ctx, state.resource):
            continue
        bounded = (state.timeout_seconds, state.timeout_seconds_path, state.heartbeat_seconds,
                   state.heartbeat_seconds_path)
        if all(value is None for value in bounded):
            yield Finding(codes.W_ACTIVITY_WITHOUT_TIMEOUT,
                          f"task '{info.name}' waits for an activity worker without a timeout: if no worker polls, "
                          "or one stops holding the task, the execution waits for up to a year",
                          (*info.path, "resource"),
                          "add 'heartbeat_seconds:' (the worker sends SendTaskHeartbeat) and/or 'timeout_seconds:'")


def _is_activity(ctx: CheckContext, resource: str) -> bool:
    if ACTIVITY_ARN.match(resource):
        return True
    match = REFERENCE.fullmatch(resource.strip())
    if match is None:
        return False
    target = ctx.spec.resources.get(match.group(1))
    return isinstance(target, Activity) and match.group(2) == "arn"
