"""Logging and encryption of state machines.

- W441: an express machine keeps no execution history; without ``logging`` nothing of its runs
  remains (AWS: "Express Workflows ... must use CloudWatch Logs to record history");
- E455: the encryption key is imported by alias (Step Functions needs the key's ARN in its
  encryption configuration, and the grants need it too).
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler import diagnostics as codes
from compiler.checks import CheckContext
from compiler.diagnostics import Finding


def check(ctx: CheckContext) -> Iterator[Finding]:
    for key, machine in ctx.spec.state_machines.items():
        path = ("state_machines", key)
        if machine.type == "express" and (machine.logging is None or machine.logging.level == "off"):
            yield Finding(codes.W_EXPRESS_WITHOUT_LOGS,
                          f"express machine '{key}' has no execution log: Step Functions keeps no history of "
                          "express executions", (*path, "type"),
                          "add 'logging: {level: error}' (or all, with include_execution_data for debugging)")
        if machine.encryption is not None:
            resource = ctx.spec.resources.get(machine.encryption.key)
            existing = getattr(resource, "existing", None)
            if resource is not None and resource.type == "key" and existing is not None \
                    and getattr(existing, "key_arn", None) is None:
                yield Finding(codes.E_ENCRYPTION_KEY,
                              f"machine '{key}' is encrypted with key '{machine.encryption.key}', imported by alias: "
                              "Step Functions needs the key's ARN", (*path, "encryption", "key"),
                              "import the key with 'existing: {key_arn: ...}', or create it in this spec")
