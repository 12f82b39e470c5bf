"""CloudFormation and SAM templates: every state machine resource's definition.

``AWS::StepFunctions::StateMachine``: ``Definition`` (a mapping), ``DefinitionString`` (a JSON
string, plain or built with ``Fn::Sub``/``Fn::Join``), ``DefinitionSubstitutions``.
``AWS::Serverless::StateMachine``: ``Definition``, ``DefinitionUri`` (a file relative to the
template), ``DefinitionSubstitutions``. ``DefinitionS3Location`` and an S3 ``DefinitionUri`` are
refused: the definition is not in the input.
"""

from __future__ import annotations

import json
from pathlib import Path as FsPath
from typing import Any

from compiler.diagnostics import M_DEFINITION_URI, M_INTRINSIC, M_UNMAPPED, M_UNREADABLE
from compiler.importer.errors import Located, Refusal
from compiler.importer.readers import Found, is_definition
from compiler.importer.readers.document import Document, read_file
from compiler.importer.readers.intrinsics import Flattener, Template, substitution
from compiler.importer.recognize import snake

SFN = "AWS::StepFunctions::StateMachine"
SAM = "AWS::Serverless::StateMachine"
# Properties that describe the definition or that the spec carries over; the rest is reported.
CARRIED = {
    SFN: {"Definition", "DefinitionString", "DefinitionSubstitutions", "StateMachineName", "StateMachineType"},
    SAM: {"Definition", "DefinitionUri", "DefinitionSubstitutions", "Name", "Type"},
}


def read(doc: Document, path: FsPath) -> list[Found]:
    resources: dict[str, Any] = doc.data["Resources"]
    params = doc.data.get("Parameters")
    template = Template(resources, params if isinstance(params, dict) else {}, path.name)
    found: list[Found] = []
    for logical_id, resource in resources.items():
        if isinstance(resource, dict) and resource.get("Type") in (SFN, SAM):
            found.append(_machine(doc, template, logical_id, resource, path))
    return found


def _machine(doc: Document, template: Template, logical_id: str, resource: dict[str, Any], path: FsPath) -> Found:
    kind = resource["Type"]
    props = resource.get("Properties")
    base = ("Resources", logical_id, "Properties")
    if not isinstance(props, dict):
        raise Refusal(M_UNREADABLE, f"{logical_id} has no Properties", ("Resources", logical_id))
    flattener = Flattener(template)
    origin = f"{path.name}, resource {logical_id} ({kind})"
    if "Definition" in props:
        definition = flattener.definition(props["Definition"], (*base, "Definition"))
        found = Found(definition, doc, (*base, "Definition"), True, snake(logical_id), f"{origin}, Definition")
    elif "DefinitionString" in props and kind == SFN:
        where = (*base, "DefinitionString")
        text = flattener.text(props["DefinitionString"], where)
        found = Found(_parse(text, where), doc, where, False, snake(logical_id), f"{origin}, DefinitionString")
    elif "DefinitionUri" in props and kind == SAM:
        found = _uri(props["DefinitionUri"], (*base, "DefinitionUri"), path, origin, logical_id)
        found.template = doc
    elif "DefinitionS3Location" in props:
        raise Refusal(M_INTRINSIC, f"{logical_id}: DefinitionS3Location keeps the definition in S3",
                      (*base, "DefinitionS3Location"), "download the definition and import that file")
    else:
        raise Refusal(M_UNREADABLE, f"{logical_id} has no Definition", base)
    found.bindings.update(flattener.bindings)
    subs = props.get("DefinitionSubstitutions")
    if isinstance(subs, dict):
        for name, value in subs.items():
            found.bindings[str(name)] = substitution(value, template, (*base, "DefinitionSubstitutions", name))
    _settings(found, props, kind, base)
    return found


def _parse(text: str, where: tuple[str, ...]) -> Any:
    try:
        definition = json.loads(text)
    except json.JSONDecodeError as exc:
        raise Refusal(M_UNREADABLE, f"DefinitionString is not JSON: {exc.msg} (line {exc.lineno} of the string)",
                      where) from None
    if not is_definition(definition):
        raise Refusal(M_UNREADABLE, "DefinitionString holds no StartAt and States", where)
    return definition


def _uri(value: Any, where: tuple[str, ...], template_path: FsPath, origin: str, logical_id: str) -> Found:
    if not isinstance(value, str):
        raise Refusal(M_DEFINITION_URI, "DefinitionUri points at S3; only a local file can be imported", where,
                      "download the definition and import that file, or point DefinitionUri at it")
    file = template_path.parent / value
    try:
        doc = read_file(file, display=str(file))
    except Refusal as exc:
        if exc.located.span is not None:
            raise  # a syntax error inside the file: its span names the file
        raise Refusal(M_DEFINITION_URI, f"DefinitionUri {value}: {exc.located.message}", where) from None
    if not is_definition(doc.data):
        raise Refusal(M_DEFINITION_URI, f"{value} holds no StartAt and States", where)
    return Found(doc.data, doc, (), True, snake(logical_id), f"{origin}, DefinitionUri {value}")


def _settings(found: Found, props: dict[str, Any], kind: str, base: tuple[str, ...]) -> None:
    name = props.get("StateMachineName" if kind == SFN else "Name")
    if isinstance(name, str):
        found.settings["state_machine_name"] = name
    elif name is not None:
        found.notes.append(Located(M_UNMAPPED, "the machine's name is an intrinsic; the spec key names it instead",
                                   (*base, "StateMachineName" if kind == SFN else "Name"), None))
    machine_type = props.get("StateMachineType" if kind == SFN else "Type")
    if machine_type == "EXPRESS":
        found.settings["type"] = "express"
    for key in props:
        if key not in CARRIED[kind]:
            found.notes.append(Located(
                M_UNMAPPED, f"property '{key}' is not carried over", (*base, key),
                "the spec sets roles, logging, tracing and events its own way; add them by hand if needed",
            ))
