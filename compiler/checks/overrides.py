"""``stack.overrides`` against the CloudFormation resource schemas cfn-lint ships, and
``stack.extensions`` against the modules they name.

An override names a spec key (the resource or machine the spec creates) and a path under
``Properties``; each segment must be a property of the resource type's schema (``$ref``s
followed, list items by index), not read-only, and the value must satisfy the schema there.
An extension ``module:function`` must be a module beside the spec (or an installed one) that
defines that function; it is not imported at validate time.
"""

from __future__ import annotations

import ast
import functools
import importlib.util
import json
from collections.abc import Iterator
from pathlib import Path as FsPath
from typing import Any

from compiler import diagnostics as codes
from compiler.checks import CheckContext
from compiler.diagnostics import Finding, did_you_mean

CFN_TYPES = {
    "bucket": "AWS::S3::Bucket", "managed_policy": "AWS::IAM::ManagedPolicy", "role": "AWS::IAM::Role",
    "layer": "AWS::Lambda::LayerVersion", "function": "AWS::Lambda::Function",
}
MACHINE = "AWS::StepFunctions::StateMachine"


def check(ctx: CheckContext) -> Iterator[Finding]:
    for key, overrides in ctx.spec.stack.overrides.items():
        path = ("stack", "overrides", key)
        kind = _cfn_type(ctx, key)
        if kind is None:
            candidates = [*ctx.spec.resources, *ctx.spec.state_machines]
            yield Finding(codes.E_OVERRIDE, f"'{key}' is no resource or state machine this stack creates", path,
                          did_you_mean(key, candidates) or "override a key of 'resources' or 'state_machines'",
                          on_key=True)
            continue
        schema = _schema(kind)
        if schema is None:
            continue
        for property_path, value in overrides.items():
            yield from _override(kind, schema, property_path, value, (*path, property_path))
    for index, extension in enumerate(ctx.spec.stack.extensions):
        problem = _extension_problem(extension, ctx.root)
        if problem:
            yield Finding(codes.E_EXTENSION, f"extension '{extension}': {problem}", ("stack", "extensions", index),
                          "write 'module:function', the module a .py file beside the spec (or installed), "
                          "the function taking (stack, resources)")


def cfn_type(spec: Any, key: str) -> str | None:
    """The CloudFormation type of the resource a spec key creates (None: none, or imported)."""
    if key in spec.state_machines:
        return MACHINE
    resource = spec.resources.get(key)
    if resource is None or getattr(resource, "existing", None) is not None:
        return None
    if resource.type == "layer" and resource.layer_version_arn is not None and resource.requirements is None:
        return None
    return CFN_TYPES.get(resource.type)


def _cfn_type(ctx: CheckContext, key: str) -> str | None:
    return cfn_type(ctx.spec, key)


def resource_schema(kind: str) -> dict[str, Any] | None:
    """The CloudFormation resource schema of ``kind`` as cfn-lint ships it (None: unknown type)."""
    return _schema(kind)


@functools.cache
def _schema(kind: str) -> dict[str, Any] | None:
    # Found without importing cfnlint (its package import costs validate's cold start).
    found = importlib.util.find_spec("cfnlint")
    if found is None or found.origin is None:
        return None
    root = FsPath(found.origin).parent / "data" / "schemas"
    providers = json.loads((root / "providers" / "us-east-1.json").read_text(encoding="utf-8"))
    if kind not in providers:
        return None
    loaded: dict[str, Any] = json.loads((root / "resources" / f"{providers[kind]}.json").read_text(encoding="utf-8"))
    return loaded


def _override(kind: str, schema: dict[str, Any], property_path: str, value: Any,
              at: tuple[str | int, ...]) -> Iterator[Finding]:
    segments = property_path.split(".")[1:]
    node: dict[str, Any] = schema
    read_only = {p.removeprefix("/properties/") for p in schema.get("readOnlyProperties", [])}
    if segments[0] in read_only:
        yield Finding(codes.E_OVERRIDE, f"{kind} property '{segments[0]}' is read-only", at,
                      "read it with ${key.attr} instead", on_key=True)
        return
    walked: list[str] = []
    for segment in segments:
        node = _resolve(schema, node)
        if node.get("type") == "array" or "items" in node:
            # CDK's add_property_override makes '0' an object key, not a list index: a list is set whole.
            where = ".".join(["Properties", *walked])
            yield Finding(codes.E_OVERRIDE, f"{kind}: '{where}' is a list; an override cannot reach into it", at,
                          f"override '{where}' with the whole list", on_key=True)
            return
        else:
            properties = node.get("properties", {})
            if segment not in properties:
                where = ".".join(["Properties", *walked])
                yield Finding(codes.E_OVERRIDE, f"{kind} has no property '{segment}' under '{where}'", at,
                              did_you_mean(segment, properties) or
                              (f"its properties: {', '.join(sorted(properties))}" if properties else None),
                              on_key=True)
                return
            node = properties[segment]
        walked.append(segment)
    problem = _value_problem(schema, node, value)
    if problem:
        yield Finding(codes.E_OVERRIDE_VALUE, f"{kind} {property_path}: {problem}", at,
                      "give a value of the type the CloudFormation resource reference lists")


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node and node["$ref"].startswith("#/definitions/"):
        node = schema.get("definitions", {}).get(node["$ref"].removeprefix("#/definitions/"), {})
    return node


def _value_problem(schema: dict[str, Any], node: dict[str, Any], value: Any) -> str | None:
    from jsonschema import Draft7Validator  # type: ignore[import-untyped]

    if isinstance(value, str) and "${" in value:
        return None  # a reference: its value is known at deploy time
    full = {**node, "definitions": schema.get("definitions", {})}
    try:
        error = next(iter(Draft7Validator(full).iter_errors(value)), None)
    except Exception:  # a schema construct the validator does not know: no verdict
        return None
    return None if error is None else error.message


def _extension_problem(extension: str, root: FsPath) -> str | None:
    module, _, function = extension.partition(":")
    relative = FsPath(*module.split("."))
    for candidate in (root / relative.with_suffix(".py"), root / relative / "__init__.py"):
        if candidate.is_file():
            try:
                tree = ast.parse(candidate.read_text(encoding="utf-8"))
            except (SyntaxError, UnicodeDecodeError, OSError) as exc:
                return f"{candidate.name} cannot be read: {exc}"
            names = {n.name for n in tree.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)}
            return None if function in names else f"{candidate.name} defines no function '{function}'"
    try:
        found = importlib.util.find_spec(module.split(".")[0])
    except (ImportError, ValueError):
        found = None
    return None if found is not None else f"no module '{module}' beside the spec or installed"
