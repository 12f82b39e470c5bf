"""Readers, one per input kind: a bare ASL definition, a CloudFormation/SAM template, a serverless.yml.

Each yields ``Found`` records: a definition in plain ASL (CloudFormation intrinsics already turned
into ``${...}`` placeholder text), what its placeholders are bound to, and where it sits in which
file, so diagnostics point at the input.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

from compiler.diagnostics import M_NO_DEFINITION
from compiler.importer.errors import Located, Refusal
from compiler.importer.readers.document import Document, read_file
from compiler.importer.recognize import Binding, snake
from compiler.source import Path


@dataclass
class Found:
    definition: Any
    doc: Document  # the file diagnostics about this definition point into
    base: Path  # where the definition sits in that file
    exact: bool  # False when the definition was text inside a string (DefinitionString)
    key: str  # the machine key to use unless --name says otherwise
    origin: str  # for people: where it came from
    bindings: dict[str, Binding] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)  # state_machine_name, type
    notes: list[Located] = field(default_factory=list)  # template fields that were not carried over
    template: Document | None = None  # where ``notes`` point, when the definition has a file of its own

    def path(self, inner: Path) -> Path:
        return (*self.base, *inner) if self.exact else self.base


def is_definition(data: Any) -> bool:
    return isinstance(data, dict) and "StartAt" in data and "States" in data


def read_input(path: FsPath) -> tuple[Document | None, list[Found], Refusal | None]:
    """The input document and every definition in it, or the refusal (and the document, if read)."""
    try:
        doc = read_file(path)
    except Refusal as exc:
        return None, [], exc
    try:
        return doc, find_definitions(doc, path), None
    except Refusal as exc:
        return doc, [], exc


def find_definitions(doc: Document, path: FsPath) -> list[Found]:
    """Every definition in ``doc``; refuses when there is none."""
    from compiler.importer.readers import cfn, serverless

    data = doc.data
    if is_definition(data):
        stem = path.name.split(".")[0]
        return [Found(data, doc, (), True, snake(stem), path.name)]
    if isinstance(data, dict) and isinstance(data.get("Resources"), dict):
        found = cfn.read(doc, path)
        if found:
            return found
        raise Refusal(M_NO_DEFINITION, "the template has no AWS::StepFunctions::StateMachine or "
                      "AWS::Serverless::StateMachine resource", ("Resources",))
    if isinstance(data, dict) and isinstance(data.get("stepFunctions"), dict):
        found = serverless.read(doc, path)
        if found:
            return found
        raise Refusal(M_NO_DEFINITION, "'stepFunctions.stateMachines' holds no definition", ("stepFunctions",))
    raise Refusal(
        M_NO_DEFINITION,
        "no state machine definition found",
        hint="expected an ASL definition (StartAt and States at the top), a CloudFormation/SAM template "
        "with a state machine resource, or a serverless.yml with stepFunctions.stateMachines",
    )
