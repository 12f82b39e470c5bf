"""serverless.yml with the serverless-step-functions plugin: ``stepFunctions.stateMachines.<name>``.

``definition`` is a mapping; functions are referenced as ``Fn::GetAtt: [hello, Arn]`` (a function of
the ``functions`` section or a resource of ``resources.Resources``) or ``Ref``. Serverless variables
(``${self:...}``, ``${sls:stage}``) are not resolved: they stay verbatim, and the report says so.
"""

from __future__ import annotations

from pathlib import Path as FsPath
from typing import Any

from compiler.diagnostics import M_UNMAPPED, M_UNREADABLE
from compiler.importer.errors import Located, Refusal
from compiler.importer.readers import Found, is_definition
from compiler.importer.readers.document import Document
from compiler.importer.readers.intrinsics import Flattener, Template
from compiler.importer.recognize import snake

CARRIED = {"definition", "name", "type", "id"}


def read(doc: Document, path: FsPath) -> list[Found]:
    machines = doc.data["stepFunctions"].get("stateMachines")
    if not isinstance(machines, dict):
        return []
    resources: dict[str, Any] = {}
    extra = doc.data.get("resources")
    if isinstance(extra, dict) and isinstance(extra.get("Resources"), dict):
        resources.update(extra["Resources"])
    functions = doc.data.get("functions")
    if isinstance(functions, dict):
        for name, body in functions.items():
            fn_name = body.get("name") if isinstance(body, dict) else None
            props = {"FunctionName": fn_name} if isinstance(fn_name, str) else {}
            resources.setdefault(str(name), {"Type": "AWS::Lambda::Function", "Properties": props})
    template = Template(resources, {}, path.name)
    found: list[Found] = []
    for name, machine in machines.items():
        base = ("stepFunctions", "stateMachines", name)
        if not isinstance(machine, dict) or not is_definition(machine.get("definition")):
            raise Refusal(M_UNREADABLE, f"state machine '{name}' has no definition with StartAt and States", base)
        flattener = Flattener(template)
        definition = flattener.definition(machine["definition"], (*base, "definition"))
        item = Found(definition, doc, (*base, "definition"), True, snake(str(name)),
                     f"{path.name}, stepFunctions.stateMachines.{name}", flattener.bindings)
        if isinstance(machine.get("name"), str) and "${" not in machine["name"]:
            item.settings["state_machine_name"] = machine["name"]
        if str(machine.get("type", "")).upper() == "EXPRESS":
            item.settings["type"] = "express"
        for key in machine:
            if key not in CARRIED:
                item.notes.append(Located(M_UNMAPPED, f"'{key}' is not carried over", (*base, key),
                                          "the spec sets events, roles and logging its own way"))
        found.append(item)
    return found
