"""What synth refuses, validate says first (issue 11): ``compiler synth`` with cdk-nag, and cfn-lint
over what it writes, against ``compiler validate`` (the comparison: tests/emit/synth_differential.py).

Two sources of specs:
- every spec of the repository (workflow.yaml, examples/, the test cases, valid and invalid);
- Hypothesis-generated ones: the choices a user makes that synth, cdk-nag and cfn-lint care about
  (runtimes, layers, roles, managed policies, wildcards, bucket names from parameters, logging,
  tracing, query languages, acknowledgements), valid or not.

A synth costs ~4-8 s, so CI runs ``SYNTH_DIFFERENTIAL_EXAMPLES`` generated specs (8 by default);
``SYNTH_DIFFERENTIAL_EXAMPLES=200 pytest -n0 -s tests/emit/test_synth_differential.py`` runs more.
Each test prints its counts (with ``-s``), and fails on any refusal validate did not report first.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.emit.conftest import REPO
from tests.emit.synth_differential import Tally, cfn_lint, compare

EXAMPLES = int(os.environ.get("SYNTH_DIFFERENTIAL_EXAMPLES", "8"))


def repository_specs() -> list[Path]:
    specs = [REPO / "workflow.yaml", *sorted((REPO / "examples").glob("*.yaml"))]
    specs += sorted((REPO / "examples").glob("*/workflow.yaml"))
    for kind in ("valid", "invalid"):
        specs += sorted((REPO / "tests" / "cases" / kind).glob("*.yaml"))
    return specs


def _finish(label: str, tally: Tally) -> None:
    cfn_lint(tally.templates, tally)
    sys.stderr.write(f"\n{tally.summary(label)}\n")
    assert not tally.news, "\n".join(tally.news)


def test_repository_specs(tmp_path: Path) -> None:
    tally = Tally()
    for i, spec in enumerate(repository_specs()):
        compare(spec, tmp_path / f"{i}-{spec.stem}", tally)
    _finish("repository specs", tally)
    assert tally.synthesized >= 10 and tally.refused_by_validate >= 50, tally.summary("repository specs")
    assert tally.nag_findings > 0 and tally.w411_at_a_line > 0  # the comparison saw findings to compare


RUNTIMES = ["python3.9", "python3.12", "python3.14", "nodejs20.x", "nodejs24.x"]
HANDLERS = {"py": ("app.py", "def handler(event, context):\n    return event\n"),
            "js": ("app.js", "exports.handler = async (event) => event;\n")}
ACK_RULES = ["S1", "L1", "SF1", "SF2", "IAM4", "IAM5", "DDB3", "SQS3", "KMS5"]


@st.composite
def generated_specs(draw: st.DrawFn) -> dict[str, object]:
    spec: dict[str, object] = {"version": 1}
    stage = draw(st.sampled_from(["dev", "DEV", "prod-1", None]))
    if stage is not None:
        spec["parameters"] = {"stage": {"default": stage}}
    resources: dict[str, object] = {}
    bucket: dict[str, object] = {"type": "bucket"}
    name = draw(st.sampled_from([None, None, "reports-${params.stage}", "Reports_Bucket", "h11-reports-x"]))
    if name is not None and (stage is not None or "${" not in name):
        bucket["bucket_name"] = name
    resources["reports"] = bucket
    runtime = draw(st.sampled_from(RUNTIMES))
    family = "py" if runtime.startswith("python") else "js"
    code = draw(st.sampled_from([family] * 7 + [{"py": "js", "js": "py"}[family]]))  # mostly the right code
    function: dict[str, object] = {"type": "function", "code": f"handlers/{code}", "handler": "app.handler",
                                   "runtime": runtime, "environment": {"BUCKET": "${reports.name}"}}
    if draw(st.booleans()):
        resources["libs"] = {"type": "layer", "code": "handlers/py", "compatible_runtimes": sorted(
            {runtime} if draw(st.integers(0, 3)) else set(draw(st.lists(st.sampled_from(RUNTIMES), min_size=1,
                                                                          max_size=2))))}
        function["layers"] = ["libs"]
    if draw(st.booleans()):
        role: dict[str, object] = {"type": "role", "assumed_by": draw(st.sampled_from(
            ["lambda.amazonaws.com"] * 5 + ["states.amazonaws.com"]))}
        role["statements"] = [{"actions": draw(st.sampled_from([["s3:PutObject"], ["s3:Put*"]])),
                               "resources": [draw(st.sampled_from(["${reports.arn}/*", "${reports.arn}/out.json"]))],
                               "effect": draw(st.sampled_from(["allow", "deny"]))}]
        if draw(st.booleans()):
            role["aws_managed_policies"] = ["service-role/AWSLambdaBasicExecutionRole"]
        resources["fn_role"] = role
        function["role"] = "fn_role"
    resources["fn"] = function
    if draw(st.booleans()):
        resources["policy"] = {"type": "managed_policy", "statements": [
            {"actions": ["s3:GetObject"], "resources": [draw(st.sampled_from(["${reports.arn}/*", "*"]))]}]}
    if draw(st.booleans()):  # data and messaging kinds, with the settings cdk-nag reads
        resources["orders"] = {"type": "table", "partition_key": {"name": "id"},
                               "point_in_time_recovery": draw(st.booleans())}
        resources["jobs"] = {"type": "queue"}
        if draw(st.booleans()):
            resources["jobs_dlq"] = {"type": "queue"}
            resources["jobs"]["dead_letter"] = {"queue": "jobs_dlq"}
        if draw(st.booleans()):
            resources["secrets"] = {"type": "key", "enable_key_rotation": draw(st.booleans())}
            resources["orders"]["key"] = "secrets"
    spec["resources"] = resources
    states: dict[str, object] = {"Call": {"type": "task", "invoke": "fn", "next": "Store"}}
    store = draw(st.sampled_from(["literal", "object_from_input", "bucket_from_input"]))
    params: dict[str, object] = {"Bucket": "${reports.name}", "Key": "out.json", "Body.$": "$"}
    if store == "object_from_input":
        params["Key.$"] = "$.key"
        del params["Key"]
    elif store == "bucket_from_input":
        params["Bucket.$"] = "$.bucket"
        del params["Bucket"]
    jsonata = draw(st.booleans())
    if jsonata:  # the same call in JSONata: arguments, expressions in {% %}
        params = {k.removesuffix(".$"): ("{% $states.input" + v[1:] + " %}" if k.endswith(".$") else v)
                  for k, v in params.items()}
    states["Store"] = {"type": "task", "resource": "arn:aws:states:::aws-sdk:s3:putObject",
                       "arguments" if jsonata else "parameters": params, "next": "Note"}
    note: dict[str, object] = {"type": "pass", "end": True}
    inner = draw(st.sampled_from([None, "jsonpath", "jsonata"]))
    if inner is not None:
        note["query_language"] = inner
    states["Note"] = note
    machine: dict[str, object] = {"states": states}
    if jsonata:
        machine["query_language"] = "jsonata"
    if draw(st.booleans()):
        machine["logging"] = {"level": draw(st.sampled_from(["all", "error"]))}
    if draw(st.booleans()):
        machine["tracing"] = True
    if draw(st.booleans()):
        machine["statements"] = [{"actions": ["sqs:SendMessage"], "resources": [draw(st.sampled_from(
            ["arn:aws:sqs:us-east-1:123456789012:jobs", "arn:aws:sqs:us-east-1:123456789012:*", "*"]))]}]
    spec["state_machines"] = {"main": machine}
    acks = draw(st.lists(st.tuples(st.sampled_from(ACK_RULES), st.sampled_from([None, "main", "reports", "fn", "fn_role",
                                                                                "jobs", "orders"])),
                         unique=True, max_size=3))
    if acks:
        spec["stack"] = {"nag_acknowledgements": [
            {"rule": f"AwsSolutions-{rule}", "reason": "accepted in this generated spec on purpose",
             **({"resources": [key]} if key is not None and key in resources | {"main": 1} else {})}
            for rule, key in acks]}
    return spec


def test_generated_specs(tmp_path_factory: pytest.TempPathFactory) -> None:
    root = tmp_path_factory.mktemp("generated")
    for folder, (name, text) in HANDLERS.items():
        (root / "handlers" / folder).mkdir(parents=True)
        (root / "handlers" / folder / name).write_text(text, "utf-8")
    tally = Tally()
    counter = iter(range(10**6))

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(generated_specs())
    def run(spec: dict[str, object]) -> None:
        n = next(counter)
        path = root / f"spec{n}.yaml"
        text = json.dumps(spec, indent=1)  # JSON is YAML, one key a line: the loader locates each
        path.write_text(text, "utf-8")
        compare(path, root / f"out{n}", tally)

    run()
    _finish(f"{EXAMPLES} generated specs", tally)
    assert tally.specs >= EXAMPLES
