"""Template values with their intrinsic functions resolved against what was deployed.

A template says ``{"Fn::GetAtt": ["first06E01775", "Arn"]}``; the verification needs the
value CloudFormation put there, taken from the deployed resources themselves (physical ids
from the stack, attributes from the service APIs), so a wrong wiring shows as a mismatch.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

SUB_PART = re.compile(r"\$\{([^}!][^}]*)\}")


class Unresolved(Exception):
    """A value that cannot be resolved here (an unsupported function or a missing resource)."""

    def __init__(self, message: str, logical: str | None = None) -> None:
        super().__init__(message)
        self.logical = logical  # the template resource that is missing, if that is the reason


class Resolver:
    def __init__(
        self,
        *,
        account: str,
        region: str,
        stack_name: str,
        stack_id: str,
        physical: dict[str, str],
        attribute: Callable[[str, str], str],
        parameters: dict[str, str] | None = None,
    ) -> None:
        self.physical = physical
        self.attribute = attribute  # (logical id, attribute name) -> value from the service API
        self.refs: dict[str, str] = {
            "AWS::AccountId": account,
            "AWS::Region": region,
            "AWS::Partition": "aws",
            "AWS::URLSuffix": "amazonaws.com",
            "AWS::StackName": stack_name,
            "AWS::StackId": stack_id,
            **(parameters or {}),
        }

    def ref(self, name: str) -> str:
        if name in self.refs:
            return self.refs[name]
        if self.physical.get(name):
            return self.physical[name]
        raise Unresolved(f"Ref {name}: no such deployed resource", name)

    def get_att(self, logical: str, attr: str) -> str:
        if logical not in self.physical:
            raise Unresolved(f"Fn::GetAtt {logical}.{attr}: no such deployed resource", logical)
        return self.attribute(logical, attr)

    def resolve(self, value: Any) -> Any:
        if isinstance(value, list):
            return [self.resolve(v) for v in value]
        if not isinstance(value, dict):
            return value
        if len(value) == 1:
            (name, arg), = value.items()
            if name == "Ref":
                return self.ref(arg)
            if name == "Fn::GetAtt":
                logical, attr = arg.split(".", 1) if isinstance(arg, str) else arg
                return self.get_att(logical, attr)
            if name == "Fn::Join":
                sep, items = arg
                return str(sep).join(str(self.resolve(i)) for i in self.resolve(items))
            if name == "Fn::Sub":
                return self._sub(arg)
            if name == "Fn::Select":
                index, items = arg
                return self.resolve(items)[int(self.resolve(index))]
            if name == "Fn::Split":
                sep, text = arg
                return str(self.resolve(text)).split(sep)
            if name.startswith("Fn::") or name == "Condition":
                raise Unresolved(f"{name} is not resolved by the verification")
        return {k: self.resolve(v) for k, v in value.items()}

    def _sub(self, arg: Any) -> str:
        text, local = (arg, {}) if isinstance(arg, str) else (arg[0], arg[1])
        values = {k: str(self.resolve(v)) for k, v in local.items()}

        def part(match: re.Match[str]) -> str:
            name = match.group(1)
            if name in values:
                return values[name]
            if "." in name and not name.startswith("AWS::"):
                logical, attr = name.split(".", 1)
                return self.get_att(logical, attr)
            return self.ref(name)

        return SUB_PART.sub(part, text)
