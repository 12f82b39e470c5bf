"""Resource recognition: Lambda and state machine ARNs, and ``${...}`` placeholders, become references.

Every reference the importer introduces remembers the exact text it replaced (``originals``), so the
round-trip check can put that text back into the emitted ASL and compare it with the input. That is
the one normalisation the guarantee allows: a recognised ARN or placeholder is written as
``${key.arn}`` / ``${params.NAME}`` in the spec and comes back as the same text.

Placeholders (the decision; ``compiler import --help`` says the same):
* ``${X}`` bound by the template to a Lambda function or a state machine -> that resource's reference;
* ``${X}`` bound to a literal value -> spec parameter ``X`` with that default;
* ``${X}`` with no known value (a bare ASL file, or an intrinsic we do not model) -> spec parameter
  ``X`` without a default (a warning says so): the spec then asks for it (``cdk synth -c X=...``)
  instead of shipping a literal ``${X}`` that nothing would fill;
* anything else (``${AWS::Region}``, ``${self:service}``, placeholders inside mapping keys) stays
  verbatim, with a warning, because the spec has no way to express it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from compiler.diagnostics import M_COLLISION, M_UNMAPPED
from compiler.importer.errors import Located, Refusal
from compiler.refs import PARAMS, Ref
from compiler.source import Path

PLACEHOLDER = re.compile(r"\$\{([^{}]*)\}")
PARAM_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,63}$")
LAMBDA_ARN = re.compile(
    r"^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:(?P<name>[A-Za-z0-9_-]+)(?::[A-Za-z0-9_$-]+)?$"
)
MACHINE_ARN = re.compile(r"^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:(?P<name>[A-Za-z0-9_.-]+)$")


@dataclass(frozen=True)
class Binding:
    """What a placeholder stands for, as the deploying template says."""

    kind: Literal["function", "state_machine", "literal", "other"]
    note: str  # how the template gave it, e.g. "!GetAtt CheckFunction.Arn"
    value: str | int | float | None = None  # the ARN or literal, when known
    name: str | None = None  # a name for the key (logical id, function name)


@dataclass
class Targets:
    """Resources and machines of an existing spec (``--into``) that ARNs may already denote."""

    functions: dict[str, str] = field(default_factory=dict)  # function name or ARN -> key
    machines: dict[str, str] = field(default_factory=dict)  # machine name or ARN -> key
    parameters: dict[str, Any] = field(default_factory=dict)  # name -> default
    taken: set[str] = field(default_factory=set)  # every key in use


def snake(name: str) -> str:
    """A resource key from an ARN name or logical id: ``ListFilesFunction`` -> ``list_files_function``."""
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    text = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", text)
    text = re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_").lower()
    if not text or not text[0].isalpha():
        text = f"r_{text}"
    return text[:60].rstrip("_")


class Recognizer:
    """Turns ARNs and placeholders into references, collecting the resources and parameters they need."""

    def __init__(self, bindings: dict[str, Binding] | None = None, targets: Targets | None = None) -> None:
        self.bindings = bindings or {}
        self.targets = targets or Targets()
        self.resources: dict[str, dict[str, Any]] = {}
        self.parameters: dict[str, dict[str, Any]] = {}
        self.comments: dict[str, str] = {}  # resource or parameter key -> where it came from
        self.originals: dict[Ref, str] = {}
        self.notes: list[Located] = []
        self._by_text: dict[tuple[str, str], Ref] = {}  # (kind, original text) -> reference
        self._noted: set[str] = set()

    # Keys --------------------------------------------------------------------------------------

    def reserve(self, key: str) -> None:
        self.targets.taken.add(key)

    def _new_key(self, base: str) -> str:
        key, n = base, 1
        while key in self.targets.taken or key in self.resources:
            n += 1
            key = f"{base}_{n}"
        self.targets.taken.add(key)
        return key

    def _resource(self, text: str, base: str, body: dict[str, Any], comment: str) -> Ref:
        key = self._new_key(snake(base))
        self.resources[key] = body
        self.comments[key] = comment
        return self._known(text, Ref(key, "arn"), body["type"])

    def _known(self, text: str, ref: Ref, kind: str) -> Ref:
        self._by_text[kind, text] = ref
        self.originals[ref] = text
        return ref

    # ARNs --------------------------------------------------------------------------------------

    def function(self, text: Any) -> Ref | None:
        """The function reference a whole string denotes, or None."""
        if not isinstance(text, str):
            return None
        if ("function", text) in self._by_text:
            return self._by_text["function", text]
        if text in self.targets.functions:  # imported just before, or in the --into spec
            return self._known(text, Ref(self.targets.functions[text], "arn"), "function")
        binding = self._whole_binding(text)
        if binding is not None:
            if binding.kind != "function":
                return None
            known = self._target(self.targets.functions, binding)
            if known is not None:
                return self._known(text, Ref(known, "arn"), "function")
            if isinstance(binding.value, str) and LAMBDA_ARN.match(binding.value):
                existing: dict[str, Any] = {"function_arn": binding.value}
            else:
                existing = {"function_name": binding.name or "function"}
            return self._resource(
                text, binding.name or "function", {"type": "function", "existing": existing},
                f"{text} in the definition: {binding.note}",
            )
        match = LAMBDA_ARN.match(text)
        if match is None:
            return None
        key = self.targets.functions.get(text) or self.targets.functions.get(match.group("name"))
        if key is not None and text.count(":") == 6:
            return self._known(text, Ref(key, "arn"), "function")
        return self._resource(
            text, match.group("name"), {"type": "function", "existing": {"function_arn": text}},
            "a Lambda function the definition called by ARN",
        )

    def machine(self, text: Any) -> Ref | None:
        """The state machine reference a whole string denotes, or None."""
        if not isinstance(text, str):
            return None
        if ("state_machine", text) in self._by_text:
            return self._by_text["state_machine", text]
        if text in self.targets.machines:
            return self._known(text, Ref(self.targets.machines[text], "arn"), "state_machine")
        binding = self._whole_binding(text)
        if binding is not None:
            if binding.kind != "state_machine":
                return None
            known = self._target(self.targets.machines, binding)
            if known is not None:
                return self._known(text, Ref(known, "arn"), "state_machine")
            if isinstance(binding.value, str) and MACHINE_ARN.match(binding.value):
                existing: dict[str, Any] = {"state_machine_arn": binding.value}
            else:
                existing = {"state_machine_name": binding.name or "machine"}
            return self._resource(
                text, binding.name or "machine", {"type": "state_machine", "existing": existing},
                f"{text} in the definition: {binding.note}",
            )
        match = MACHINE_ARN.match(text)
        if match is None:
            return None
        key = self.targets.machines.get(text) or self.targets.machines.get(match.group("name"))
        if key is not None:
            return self._known(text, Ref(key, "arn"), "state_machine")
        return self._resource(
            text, match.group("name"), {"type": "state_machine", "existing": {"state_machine_arn": text}},
            "a state machine the definition started by ARN",
        )

    @staticmethod
    def _target(table: dict[str, str], binding: Binding) -> str | None:
        """A key of the target spec (or of this run) that the binding's ARN or name denotes."""
        for name in (binding.value, binding.name, snake(binding.name or "")):
            if isinstance(name, str) and name in table:
                return table[name]
        return None

    def _whole_binding(self, text: str) -> Binding | None:
        match = PLACEHOLDER.fullmatch(text)
        return self.bindings.get(match.group(1)) if match else None

    # Placeholders in free values ---------------------------------------------------------------

    def value(self, value: Any, path: Path) -> Any:
        """A copy of a JSON value with each ``${X}`` in its strings mapped (mapping keys stay as written)."""
        if isinstance(value, str):
            return PLACEHOLDER.sub(lambda m: self._placeholder(m.group(0), m.group(1), path), value) \
                if "${" in value else value
        if isinstance(value, dict):
            return {k: self.value(v, (*path, k)) for k, v in value.items()}
        if isinstance(value, list):
            return [self.value(v, (*path, i)) for i, v in enumerate(value)]
        return value

    def _placeholder(self, text: str, inner: str, path: Path) -> str:
        binding = self.bindings.get(inner)
        if binding is not None and binding.kind == "function":
            ref = self.function(text)
            return str(ref) if ref else text
        if binding is not None and binding.kind == "state_machine":
            ref = self.machine(text)
            return str(ref) if ref else text
        if not PARAM_NAME.match(inner):
            self._note(inner, path, f"'{text}' has no spec equivalent; it stays verbatim",
                       "the spec does not resolve pseudo parameters or framework variables: write the value, "
                       "or a ${params.NAME} reference to a spec parameter")
            return text
        default = binding.value if binding is not None and binding.kind == "literal" else None
        self._parameter(inner, default, binding, path)
        ref = Ref(PARAMS, inner)
        self.originals[ref] = text
        return str(ref)

    def _parameter(self, name: str, default: Any, binding: Binding | None, path: Path) -> None:
        if name in self.parameters:
            return
        if name in self.targets.parameters and self.targets.parameters[name] != default:
            raise Refusal(
                M_COLLISION, f"parameter '{name}' already exists in the target spec with another default",
                path, "rename the placeholder or the existing parameter",
            )
        body: dict[str, Any] = {}
        if default is not None:
            body["default"] = default
        how = binding.note if binding is not None else "no value known"
        body["description"] = f"placeholder ${{{name}}} of the imported definition ({how})"
        self.parameters[name] = body
        self.comments[f"params.{name}"] = how
        if default is None:
            self._note(name, path, f"placeholder '${{{name}}}' became spec parameter '{name}' without a default",
                       f"give it a default in the spec or pass it at synth time: cdk synth -c {name}=...")

    def _note(self, key: str, path: Path, message: str, hint: str) -> None:
        if key not in self._noted:
            self._noted.add(key)
            self.notes.append(Located(M_UNMAPPED, message, path, hint))
