"""What synth refuses, validate says first: the comparison behind tests/emit/test_synth_differential.py.

For one spec:
- validate refuses it: synth (with cdk-nag) must refuse it too, with no error validate did not report;
- validate accepts it: cdk-nag's findings on the stack (a dry run of the AwsSolutions pack, before
  the spec's acknowledgements) must be exactly the ones ``compiler.checks.nag`` predicts, every W411
  must sit at a line of the spec (not 1:1), and the spec with the acknowledgements W411's hints print
  pasted into it must synthesize with nag. Its template then goes to cfn-lint, which must find no
  error: validate accepted the spec, so any would be news.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from compiler import diagnostics as codes
from compiler.checks import nag
from compiler.diagnostics import Report
from compiler.pipeline import compile_spec

CFN_LINT = Path(sys.executable).parent / "cfn-lint"
# cfn-lint's Step Functions schema lacks InputPath/OutputPath on Succeed states, which the States
# Language spec and Step Functions allow (cfn-lint#4297 fixed only `Output`): a known false positive.
KNOWN_FALSE_POSITIVES = {("E3601", "Additional properties are not allowed ('OutputPath' was unexpected)")}
_PASTE = "stack.nag_acknowledgements: "
# cfn-lint findings validate reports itself, under its own code (at the spec's line).
REPORTED_AS = {"W2531": codes.W_RUNTIME_DEPRECATED, "E2531": codes.W_RUNTIME_DEPRECATED,
               "E2533": codes.W_RUNTIME_DEPRECATED}


@dataclass
class Tally:
    specs: int = 0
    refused_by_validate: int = 0  # synth refused them as well, with nothing new
    synthesized: int = 0
    nag_findings: int = 0  # cdk-nag findings on accepted specs, each predicted by W411 (or the spec's acks)
    w411_at_a_line: int = 0
    cfn_lint_errors: int = 0  # not reported by validate: each one is news
    cfn_lint_reported: int = 0  # cfn-lint findings validate reported first (REPORTED_AS)
    validated: dict[str, set[str]] = field(default_factory=dict)  # the codes validate reported, per spec
    templates: dict[str, Path] = field(default_factory=dict)
    news: list[str] = field(default_factory=list)  # refusals validate did not predict

    def summary(self, label: str) -> str:
        return (f"{label}: {self.specs} specs; {self.refused_by_validate} refused by validate (synth agreed, nothing "
                f"new); {self.synthesized} synthesized with cdk-nag; {self.nag_findings} cdk-nag findings, "
                f"{self.w411_at_a_line} W411 at a line; {self.cfn_lint_reported} cfn-lint findings validate reported "
                f"first, {self.cfn_lint_errors} cfn-lint errors it did not; "
                f"{len(self.news)} refusals validate did not report")


def compare(spec: Path, outdir: Path, tally: Tally, *, text: bytes | None = None) -> None:
    """Validate ``spec`` (or ``text`` as that file), then synthesize it with nag; record news."""
    from compiler.commands.cdk_app import synthesize
    from compiler.emit.stack_app import make_app

    tally.specs += 1
    name = spec.name
    compiled = compile_spec(spec, text=text, root=spec.parent, nag=True)
    validated = compiled.report
    tally.validated[name] = {d.code for d in validated.diagnostics}
    if validated.has_errors or compiled.program is None:
        tally.refused_by_validate += 1
        if text is None:
            result = synthesize(make_app(str(outdir), spec=spec), spec, nag=True)
        else:  # the same text through the same front half: synth never gets past it
            result = _synth_text(spec, text, outdir)
        if result.ok:
            tally.news.append(f"{name}: validate refused it, synth accepted it")
        new = _errors(result.report) - _errors(validated)
        tally.news += [f"{name}: synth added {code} at {line}:{col}" for code, line, col in sorted(new)]
        return
    w411 = [d for d in validated.diagnostics if d.code == codes.W_NAG]
    for d in w411:
        if (d.span.line, d.span.col) == (1, 1):
            tally.news.append(f"{name}: W411 at 1:1: {d.message}")
        else:
            tally.w411_at_a_line += 1
    predicted = {(f.rule_id, f.key) for f in nag.flags(compiled.program, compiled.data)}
    data = copy.deepcopy(compiled.data)
    stack = data.setdefault("stack", {})
    stack["nag_acknowledgements"] = [*stack.get("nag_acknowledgements", []), *(_pasted(d.hint) for d in w411)]
    pasted = compile_spec(spec, text=json.dumps(data).encode(), root=spec.parent, nag=True)
    if pasted.program is None or any(d.code == codes.W_NAG for d in pasted.report.diagnostics):
        tally.news.append(f"{name}: the pasted acknowledgements do not validate: "
                          + "; ".join(d.message for d in pasted.report.diagnostics))
        return
    found, template, refusals = _synth_with_dry_run(pasted.program, spec.parent, outdir)
    tally.nag_findings += len(found)
    tally.news += [f"{name}: cdk-nag {rule} on '{key}', which validate did not predict" for rule, key in
                   sorted(found - predicted)]
    tally.news += [f"{name}: validate predicted cdk-nag {rule} on '{key}', which cdk-nag did not find" for rule, key in
                   sorted(predicted - found)]
    tally.news += [f"{name}: synth with the pasted acknowledgements: {message}" for message in refusals]
    if template is not None:
        tally.synthesized += 1
        tally.templates[name] = template


def _synth_text(spec: Path, text: bytes, outdir: Path) -> Any:
    from compiler.emit.stack_app import SynthResult, make_app, synthesize

    compiled = compile_spec(spec, text=text, root=spec.parent, nag=True)
    if compiled.program is None:
        return SynthResult(compiled.report)
    return synthesize(make_app(str(outdir), spec=spec), compiled.program, spec.parent, compiled.report, nag=True)


def _synth_with_dry_run(program: Any, root: Path, outdir: Path) -> tuple[set[tuple[str, str]], Path | None, list[str]]:
    """cdk-nag's findings before any spec acknowledgement (the tool's own ones are in place), then the
    synth with nag and the spec's acknowledgements: (findings, template, refusals)."""
    from aws_cdk import Validations
    from cdk_nag import AwsSolutionsChecks

    from compiler.emit.stack import WorkflowStack
    from compiler.emit.stack_app import acknowledge, make_app, nag_findings, spec_key

    app = make_app(str(outdir))
    stack = WorkflowStack(app, program, root)
    found = set()
    for violation in AwsSolutionsChecks().validate_scope(app).violations:
        for resource in violation.violating_resources:
            parts = resource.construct_path.split("/")
            found.add((violation.rule_name.split("[", 1)[0], spec_key(parts[1] if len(parts) > 1 else "", program)))
    acknowledge(app, stack, program.spec.stack.nag_acknowledgements)
    Validations.of(app).add_plugins(AwsSolutionsChecks(app))
    try:
        assembly = app.synth()
    except Exception as exc:  # a refusal is what this records
        messages = [f.message for f in nag_findings(outdir, program)] or [str(exc).splitlines()[0]]
        return found, None, messages
    artifact = assembly.get_stack_by_name(stack.stack_name)
    return found, Path(assembly.directory) / artifact.template_file, []


def _pasted(hint: str | None) -> dict[str, Any]:
    """The acknowledgement a W411 hint tells the user to paste, read as YAML."""
    assert hint is not None and _PASTE in hint, hint
    entry = yaml.safe_load(hint.split(_PASTE, 1)[1])
    assert isinstance(entry, dict), hint
    return entry


def _errors(report: Report) -> set[tuple[str, int, int]]:
    return {(d.code, d.span.line, d.span.col) for d in report.diagnostics if d.is_error}


def cfn_lint(templates: dict[str, Path], tally: Tally) -> None:
    """cfn-lint over every template synth wrote: an error is a refusal validate did not report."""
    if not templates:
        return
    done = subprocess.run([str(CFN_LINT), "--format", "parseable", *map(str, templates.values())],
                          capture_output=True, text=True, timeout=900, check=False)
    assert done.returncode in (0, 2, 4, 6), done.stderr  # bit 2: errors, bit 4: warnings
    names = {str(path): name for name, path in templates.items()}
    for line in done.stdout.splitlines():
        parts = line.split(":", 6)
        if len(parts) < 7:
            continue
        code, message = parts[5], parts[6]
        name = names.get(parts[0], parts[0])
        if code in REPORTED_AS and REPORTED_AS[code] in tally.validated.get(name, set()):
            tally.cfn_lint_reported += 1
            continue
        # Warnings: only "dependency already enforced" (W3005), which CDK templates always carry.
        if not code.startswith("E"):
            if code != "W3005":
                tally.news.append(f"{name}: cfn-lint {code} {message}")
            continue
        if any(code == c and message.startswith(m) for c, m in KNOWN_FALSE_POSITIVES):
            continue
        tally.cfn_lint_errors += 1
        tally.news.append(f"{name}: cfn-lint {code} {message}")
