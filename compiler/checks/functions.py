"""What CDK and Lambda refuse about a function's relations: its layers' runtimes and its role's principal.

CDK's ``Function`` throws "This lambda function uses a runtime that is incompatible with this layer"
at synth time; Lambda refuses to create a function whose role it cannot assume
("The role defined for the function cannot be assumed by Lambda").
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler import diagnostics as codes
from compiler.checks import CheckContext
from compiler.diagnostics import Finding
from compiler.model.resources import Function, Layer, Role

LAMBDA_PRINCIPAL = "lambda.amazonaws.com"


def check(ctx: CheckContext) -> Iterator[Finding]:
    resources = ctx.spec.resources
    for key, fn in resources.items():
        if not isinstance(fn, Function) or fn.existing is not None:
            continue
        for index, layer_key in enumerate(fn.layers):
            layer = resources.get(layer_key)
            if isinstance(layer, Layer) and layer.compatible_runtimes and fn.runtime not in layer.compatible_runtimes:
                yield Finding(codes.E_LAYER_RUNTIME,
                              f"function '{key}' runs {fn.runtime}, but layer '{layer_key}' is only compatible with "
                              f"{', '.join(layer.compatible_runtimes)}",
                              ("resources", key, "layers", index),
                              f"add {fn.runtime} to the layer's compatible_runtimes (at resources.{layer_key}) if it "
                              f"works there, or use a runtime it lists")
        role = resources.get(fn.role) if fn.role is not None else None
        if isinstance(role, Role) and role.existing is None and role.assumed_by is not None:
            principals = [role.assumed_by] if isinstance(role.assumed_by, str) else role.assumed_by
            if LAMBDA_PRINCIPAL not in principals and not any("${" in p for p in principals):
                yield Finding(codes.E_FUNCTION_ROLE,
                              f"function '{key}' uses role '{fn.role}', which is assumed by "
                              f"{', '.join(principals)}, not {LAMBDA_PRINCIPAL}: Lambda cannot assume it",
                              ("resources", key, "role"),
                              f"set 'assumed_by: {LAMBDA_PRINCIPAL}' on role '{fn.role}' (or list both), or give the "
                              "function its own role")
