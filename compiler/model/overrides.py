"""Escape hatches of the stack: CloudFormation property overrides and CDK extension functions."""

from typing import Annotated

from pydantic import StringConstraints

from compiler.model.base import Json

# ``Properties.TracingConfiguration.Enabled`` (or any path under ``Properties``) -> value.
OverridePath = Annotated[str, StringConstraints(pattern=r"^Properties(\.[A-Za-z0-9_-]+)+$")]
Overrides = dict[str, dict[OverridePath, Json]]  # resource or machine key -> {path: value}
# ``module:function`` (a module beside the spec, or importable): called with the stack and the resources.
Extension = Annotated[str, StringConstraints(pattern=r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*:[A-Za-z_][A-Za-z0-9_]*$")]
