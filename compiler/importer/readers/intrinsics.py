"""CloudFormation intrinsics inside a definition, written as ``${...}`` placeholder text.

A definition deployed through CloudFormation reaches Step Functions with its intrinsics resolved;
the importer keeps each one as the placeholder text CloudFormation's ``Fn::Sub`` would use
(``!Ref X`` -> ``${X}``, ``!GetAtt A.Arn`` -> ``${A.Arn}``) and records what it is bound to, so the
recogniser can turn it into a reference. Anything else (``Fn::If``, ``Fn::Select``, ``Fn::ImportValue``,
...) is refused with its name: its value is only known at deploy time.
"""

from __future__ import annotations

from typing import Any

from compiler.diagnostics import M_INTRINSIC
from compiler.importer.errors import Refusal
from compiler.importer.recognize import LAMBDA_ARN, MACHINE_ARN, PLACEHOLDER, Binding
from compiler.source import Path

FUNCTION_TYPES = frozenset({"AWS::Lambda::Function", "AWS::Serverless::Function"})
MACHINE_TYPES = frozenset({"AWS::StepFunctions::StateMachine", "AWS::Serverless::StateMachine"})
INTRINSIC_KEYS = frozenset({"Ref", "Condition"})


def is_intrinsic(value: Any) -> bool:
    return isinstance(value, dict) and len(value) == 1 and (
        next(iter(value)).startswith("Fn::") or next(iter(value)) in INTRINSIC_KEYS
    )


class Template:
    """What a template knows about the names an intrinsic can mention."""

    def __init__(self, resources: dict[str, Any], parameters: dict[str, Any], file: str) -> None:
        self.resources = resources
        self.parameters = parameters
        self.file = file

    def kind(self, logical_id: str) -> str:
        res = self.resources.get(logical_id)
        return str(res.get("Type", "")) if isinstance(res, dict) else ""

    def function_name(self, logical_id: str) -> str:
        props = (self.resources.get(logical_id) or {}).get("Properties") or {}
        name = props.get("FunctionName") if isinstance(props, dict) else None
        return name if isinstance(name, str) and "${" not in name else logical_id

    def bind(self, inner: str, note: str) -> Binding:
        """What ``${inner}`` stands for: ``X`` is a Ref, ``A.B`` a GetAtt (Fn::Sub's own rules)."""
        if "." in inner:
            logical_id, attr = inner.split(".", 1)
            kind = self.kind(logical_id)
            if kind in FUNCTION_TYPES and attr == "Arn":
                return Binding("function", note, name=self.function_name(logical_id))
            if kind in MACHINE_TYPES and attr == "Arn":
                return Binding("state_machine", note, name=logical_id)
            return Binding("other", f"{note} ({kind or 'not a resource of this template'})")
        kind = self.kind(inner)
        if kind in FUNCTION_TYPES:  # Ref of a function is its name, which FunctionName accepts too
            return Binding("function", note, name=self.function_name(inner))
        if kind in MACHINE_TYPES:
            return Binding("state_machine", note, name=inner)
        if inner in self.parameters:
            default = (self.parameters[inner] or {}).get("Default")
            if isinstance(default, str | int | float) and not isinstance(default, bool):
                return literal(default, f"{note}, template parameter with default")
            return Binding("other", f"{note}, template parameter without default")
        return Binding("other", f"{note} ({kind})" if kind else note)


def literal(value: str | int | float, note: str) -> Binding:
    if isinstance(value, str) and LAMBDA_ARN.match(value):
        return Binding("function", note, value, value.split(":")[6])
    if isinstance(value, str) and MACHINE_ARN.match(value):
        return Binding("state_machine", note, value, value.split(":")[6])
    return Binding("literal", note, value)


def substitution(value: Any, template: Template, path: Path) -> Binding:
    """A DefinitionSubstitutions entry as a binding."""
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return literal(value, f"DefinitionSubstitutions value in {template.file}")
    if isinstance(value, dict) and "Ref" in value and isinstance(value["Ref"], str):
        return template.bind(value["Ref"], f"!Ref {value['Ref']} in {template.file}")
    if isinstance(value, dict) and isinstance(value.get("Fn::GetAtt"), list) and len(value["Fn::GetAtt"]) == 2:
        a, b = value["Fn::GetAtt"]
        return template.bind(f"{a}.{b}", f"!GetAtt {a}.{b} in {template.file}")
    if is_intrinsic(value):
        name = next(iter(value))
        return Binding("other", f"{name} in DefinitionSubstitutions of {template.file}, not resolved")
    raise Refusal(M_INTRINSIC, "a DefinitionSubstitutions value must be a string, number or intrinsic", path)


class Flattener:
    """Turns intrinsics in a definition into placeholder text, collecting bindings."""

    def __init__(self, template: Template) -> None:
        self.template = template
        self.bindings: dict[str, Binding] = {}

    def definition(self, value: Any, path: Path) -> Any:
        if is_intrinsic(value):
            return self.text(value, path)
        if isinstance(value, dict):
            return {k: self.definition(v, (*path, k)) for k, v in value.items()}
        if isinstance(value, list):
            return [self.definition(v, (*path, i)) for i, v in enumerate(value)]
        return value

    def text(self, value: Any, path: Path) -> str:
        """An intrinsic (or a string) that yields a string, as text with placeholders."""
        if isinstance(value, str):
            return value
        if not is_intrinsic(value):
            raise Refusal(M_INTRINSIC, "expected a string or an intrinsic function here", path)
        name, arg = next(iter(value.items()))
        where = (*path, name)
        if name == "Ref" and isinstance(arg, str):
            self._bind(arg, f"!Ref {arg} in {self.template.file}")
            return "${" + arg + "}"
        if name == "Fn::GetAtt" and isinstance(arg, list) and len(arg) == 2 and all(isinstance(a, str) for a in arg):
            inner = f"{arg[0]}.{arg[1]}"
            self._bind(inner, f"!GetAtt {inner} in {self.template.file}")
            return "${" + inner + "}"
        if name == "Fn::Sub":
            return self.sub(arg, where)
        if name == "Fn::Join" and isinstance(arg, list) and len(arg) == 2 and isinstance(arg[0], str) \
                and isinstance(arg[1], list):
            return arg[0].join(self.text(part, (*where, 1, i)) for i, part in enumerate(arg[1]))
        raise Refusal(M_INTRINSIC, f"'{name}' cannot be imported: its value is only known at deploy time",
                      where, "replace it with a literal value or a ${Name} placeholder with DefinitionSubstitutions")

    def sub(self, arg: Any, path: Path) -> str:
        variables: dict[str, Any] = {}
        if isinstance(arg, list) and len(arg) == 2 and isinstance(arg[1], dict):
            arg, variables = arg
        if not isinstance(arg, str):
            raise Refusal(M_INTRINSIC, "Fn::Sub takes a string or [string, variables]", path)
        if "${!" in arg:
            raise Refusal(M_INTRINSIC, "Fn::Sub escapes (${!Literal}) are not supported", path,
                          "write the text without Fn::Sub")
        for match in PLACEHOLDER.finditer(arg):
            inner = match.group(1)
            if inner in variables:
                var = variables[inner]
                if not (isinstance(var, str | int | float) and not isinstance(var, bool)):
                    binding = substitution(var, self.template, (*path, 1, inner))
                    self.bindings.setdefault(inner, binding)
            elif not inner.startswith("AWS::"):
                self._bind(inner, f"${{{inner}}} in Fn::Sub of {self.template.file}")
        # Literal variables are inlined, as CloudFormation does before the definition exists: they
        # may even stand where JSON needs a number ("MaxAttempts": ${Attempts}).
        literals = {k: v for k, v in variables.items()
                    if isinstance(v, str | int | float) and not isinstance(v, bool)}
        return PLACEHOLDER.sub(lambda m: str(literals[m.group(1)]) if m.group(1) in literals else m.group(0), arg)

    def _bind(self, inner: str, note: str) -> None:
        if not inner.startswith("AWS::"):
            self.bindings.setdefault(inner, self.template.bind(inner, note))
