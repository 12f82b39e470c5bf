"""Limits checked on values after parameter substitution (a late check: it reads the program's values).

``bucket_name: reports-${params.stage}`` with ``stage: {default: DEV}`` is the bucket
``reports-DEV``, which S3 refuses (uppercase). The early name checks skip names holding a
``${...}``; this one substitutes the values the program resolved (the defaults, or ``-c NAME=VALUE``)
and applies the same rules, reporting at the field and, for a default, at the parameter's line.

A parameter with neither a default nor a ``-c`` value has no value at all: every place that reads
it is an error (``compiler run`` would send an empty string, CDK an empty name).
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler import diagnostics as codes
from compiler.checks import CheckContext
from compiler.checks.limits import NAME_RULES, named_resources
from compiler.checks.walk import reference_strings
from compiler.diagnostics import Finding
from compiler.refs import refs_in, replace_refs
from compiler.source import Path


def check(ctx: CheckContext) -> Iterator[Finding]:
    assert ctx.program is not None
    yield from _unset(ctx)
    yield from _names(ctx)


def _origin(ctx: CheckContext, name: str) -> str:
    """Where a parameter's value comes from, for a message."""
    assert ctx.program is not None
    parameter = ctx.program.parameters[name]
    if parameter.origin == "default":
        return f"'{name}' = {str(parameter.value)!r}, its default"
    return f"'{name}' = {str(parameter.value)!r}, from -c {name}={parameter.value}"


def _is_default(ctx: CheckContext, name: str) -> bool:
    assert ctx.program is not None
    parameter = ctx.program.parameters.get(name)
    return parameter is not None and parameter.origin == "default" and parameter.value is not None


def _unset(ctx: CheckContext) -> Iterator[Finding]:
    assert ctx.program is not None
    values = ctx.program.parameter_values
    for path, text in reference_strings(ctx.data):
        for ref, _ in refs_in(text):
            if ref.is_parameter and ref.attr in ctx.spec.parameters and values.get(ref.attr) is None:
                yield Finding(codes.E_PARAMETER_UNSET,
                              f"spec parameter '{ref.attr}' has no default and no -c value, so {ref} has no value "
                              "here", path,
                              f"give it a default ('{ref.attr}: {{default: ...}}' under 'parameters:'), or pass "
                              f"-c {ref.attr}=VALUE to validate, synth and run alike")


def _names(ctx: CheckContext) -> Iterator[Finding]:
    assert ctx.program is not None
    values = ctx.program.parameter_values
    for kind, name, path in named_resources(ctx.spec):
        if not name or "${" not in name:
            continue
        refs = [ref for ref, _ in refs_in(name)]
        if not all(ref.is_parameter and values.get(ref.attr) is not None for ref in refs):
            continue  # a resource attribute (known only to CloudFormation), or an unset parameter (above)
        value = str(replace_refs(name, lambda ref: str(values[ref.attr])))
        problem = NAME_RULES[kind](value)
        if problem is None:
            continue
        field = path[-1]
        used = sorted({ref.attr for ref in refs})
        origins = "; ".join(_origin(ctx, p) for p in used)
        yield Finding(codes.E_NAME_LIMIT, f"{field} '{name}' is '{value}' ({origins}), which {problem}", path,
                      "AWS rejects this name at deploy time: change the parameter's value or the name around it")
        for parameter in used:
            if _is_default(ctx, parameter):
                at: Path = ctx.program.parameters[parameter].path
                yield Finding(codes.E_NAME_LIMIT,
                              f"the default of '{parameter}' makes {field} of '{path[1]}' '{value}', which {problem}",
                              at, f"choose a default that fits the {field} rule (used at {'.'.join(map(str, path))})")
