"""Synthesize a compiled program in-process (the command layer compiles: ``compiler.commands.cdk_app``).

Anything CDK itself rejects becomes a C700 diagnostic, and each cdk-nag finding a C701, never a
jsii traceback.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aws_cdk import Acknowledgment, App, Validations

from compiler import diagnostics as codes
from compiler.diagnostics import Finding, Report
from compiler.emit.stack import WorkflowStack
from compiler.emit.stack_resolve import SynthError
from compiler.ir import Program
from compiler.model.spec import NagAcknowledgement, acknowledgement_to_paste
from compiler.packaged import cdk_context
from compiler.project import project_context

C_SYNTH = codes.C_SYNTH
C_NAG = codes.C_NAG

# Warnings would otherwise put jsii temp paths into metadata (TOOLCHAIN: determinism).
FINAL_CONTEXT = {"aws:cdk:disable-stack-trace": True}
# What the CDK CLI adds to every app's context: with them `compiler synth` writes the same
# template as `cdk synth` (path and asset metadata included).
CLI_DEFAULTS: dict[str, Any] = {
    "aws:cdk:enable-path-metadata": True,
    "aws:cdk:enable-asset-metadata": True,
    "aws:cdk:version-reporting": True,
    "aws:cdk:bundling-stacks": ["**"],
}


@dataclass
class SynthResult:
    report: Report
    template: Path | None = None
    stack_name: str | None = None
    resources: dict[str, int] | None = None

    @property
    def ok(self) -> bool:
        return self.template is not None and not self.report.has_errors


def make_app(outdir: str | None, context: Mapping[str, Any] | None = None,
             spec: str | Path | None = None) -> App:
    """An App with the context of the spec's project (its cdk.json, found from the spec file; the
    packaged flags without one or without a spec), which the CDK CLI's own context overrides."""
    base: dict[str, Any] = {**CLI_DEFAULTS, **(project_context(spec) if spec is not None else cdk_context())}
    base.update(context or {})
    return App(outdir=outdir, context=base, post_cli_context=FINAL_CONTEXT)


def truthy(value: Any) -> bool:
    return str(value).strip().lower() not in {"false", "0", "no", "off", ""}


def synthesize(app: App, program: Program, root: Path, report: Report, *, nag: bool = True) -> SynthResult:
    """The stack of ``program`` (resources relative to ``root``); refusals are added to ``report``."""
    started = time.time_ns()
    try:
        stack = WorkflowStack(app, program, root)
        if nag:
            # Imported here: loading cdk-nag's jsii assembly costs time a --no-nag synth saves.
            from cdk_nag import AwsSolutionsChecks

            acknowledge(app, stack, program.spec.stack.nag_acknowledgements)
            Validations.of(app).add_plugins(AwsSolutionsChecks(app))
        assembly = app.synth()
    except SynthError as exc:
        report.add(Finding(C_SYNTH, str(exc), exc.path))
        return SynthResult(report)
    except Exception as exc:  # jsii errors: one line, never the JavaScript stack
        # What CDK reports: a failed policy validation (cdk-nag) writes its violations to the
        # assembly's validation report; any other refusal is the error's first line.
        findings = list(nag_findings(Path(app.outdir), program, since=started))
        report.extend(findings or [Finding(C_SYNTH, _first_line(exc), ())])
        return SynthResult(report)
    artifact = assembly.get_stack_by_name(stack.stack_name)
    template_path = Path(assembly.directory) / artifact.template_file
    template = json.loads(template_path.read_text(encoding="utf-8"))
    counts: dict[str, int] = {}
    for resource in template.get("Resources", {}).values():
        counts[resource["Type"]] = counts.get(resource["Type"], 0) + 1
    return SynthResult(report, template_path, stack.stack_name, dict(sorted(counts.items())))


def acknowledge(app: App, stack: WorkflowStack, acks: list[NagAcknowledgement]) -> None:
    """Acknowledge each spec entry: the rule itself and every finding of that rule.

    cdk-nag 3 matches ids exactly, and rules with findings (IAM4, IAM5) report one id per finding
    (``AwsSolutions-IAM5[Resource::<bucket.Arn>/*]``); a spec acknowledges a rule, so a dry run of
    the pack finds those ids first.
    """
    if not acks:
        return
    from cdk_nag import AwsSolutionsChecks

    findings: dict[str, set[str]] = {}
    for violation in AwsSolutionsChecks().validate_scope(app).violations:
        name = violation.rule_name
        findings.setdefault(name.split("[", 1)[0], set()).add(name)
    for ack in acks:
        scopes = [stack.resolver.get(key) for key in ack.resources] if ack.resources else [stack]
        for scope in scopes:
            for rule_id in [ack.rule, *sorted(findings.get(ack.rule, ()))]:
                Validations.of(scope).acknowledge(Acknowledgment(id=rule_id, reason=ack.reason))


def nag_findings(outdir: Path, program: Program, since: int = 0) -> Iterator[Finding]:
    """One C701 per cdk-nag violation, at the spec entry of the resource it names (from the
    validation report written at ``since`` (ns) or later: an older one is a previous synth's)."""
    report_file = outdir / "validation-report.json"
    try:
        if report_file.stat().st_mtime_ns < since:
            return
        plugin_reports = json.loads(report_file.read_text(encoding="utf-8")).get("pluginReports", [])
    except (OSError, ValueError):
        return
    for plugin in plugin_reports:
        for violation in plugin.get("violations", []):
            rule = str(violation.get("ruleName", "?"))
            for construct in violation.get("violatingConstructs", []):
                # Construct ids are spec keys: "<stack>/<key>/Resource" names the spec entry, and
                # "<stack>/<key>-LogGroup" or "<key>-ServiceRole" what the tool made for it.
                parts = str(construct.get("constructPath", "")).split("/")
                key = spec_key(parts[1] if len(parts) > 1 else "", program)
                if key in program.machines:
                    path: tuple[str, ...] = ("state_machines", key)
                elif key in program.spec.resources:
                    path = ("resources", key)
                else:
                    path = ("stack",)
                base = rule.split("[", 1)[0]
                if base.startswith("AwsSolutions-"):
                    hint = ("`compiler validate` reports it as W411 at the entry that causes it, with the fix; or "
                            "accept it with a reason: add to stack.nag_acknowledgements: "
                            + acknowledgement_to_paste(base, key or None))
                else:  # CDK's own template validation (cfn-lint rules): nothing to acknowledge
                    hint = f"CloudFormation validation rule {base} refuses the template; it cannot be acknowledged: fix the spec"
                yield Finding(
                    C_NAG,
                    f"{rule} on '{key or construct.get('constructPath')}': {violation.get('description', '')}",
                    path,
                    hint,
                )


def spec_key(construct_id: str, program: Program) -> str:
    """The spec key a construct id names: itself, or what the tool made for it (``fn-LogGroup``: ids
    with a '-', which no spec key has), or the longest key it starts with."""
    if construct_id in program.machines or construct_id in program.spec.resources:
        return construct_id
    own = construct_id.split("-", 1)[0]
    if own in program.machines or own in program.spec.resources:
        return own
    keys = [k for k in (*program.machines, *program.spec.resources) if construct_id.startswith(k)]
    return max(keys, key=len) if keys else construct_id


def _first_line(exc: Exception) -> str:
    lines = [line for line in str(exc).splitlines() if line.strip() and not line.lstrip().startswith("at ")]
    return lines[0] if lines else type(exc).__name__
