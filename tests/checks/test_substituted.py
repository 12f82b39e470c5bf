"""Limits on values after parameter substitution, parameters without a value, and JSONPath in JSONata."""

from __future__ import annotations

import textwrap

from compiler.cli import main
from compiler.pipeline import compile_spec

BUCKET = """\
version: 1
parameters:
  stage:
    default: DEV
resources:
  reports:
    type: bucket
    bucket_name: reports-${params.stage}
state_machines:
  main:
    states:
      Put:
        type: task
        resource: arn:aws:states:::aws-sdk:s3:putObject
        parameters:
          Bucket: ${reports.name}
          Key: k
          Body: b
"""


def _found(write_spec, text: str, overrides: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    report = compile_spec(write_spec(textwrap.dedent(text)), overrides=overrides).report
    return [(d.code, d.span.line, d.message) for d in report.sorted()]


def test_a_default_that_breaks_a_bucket_name_is_reported_at_both_lines(write_spec) -> None:  # type: ignore[no-untyped-def]
    found = _found(write_spec, BUCKET)
    assert [(c, line) for c, line, _ in found] == [("E340", 4), ("E340", 8)]
    assert "'reports-DEV'" in found[1][2] and "its default" in found[1][2]


def test_an_override_is_checked_too(write_spec) -> None:  # type: ignore[no-untyped-def]
    assert _found(write_spec, BUCKET, {"stage": "dev"}) == []
    found = _found(write_spec, BUCKET.replace("DEV", "dev"), {"stage": "Prod"})
    assert [(c, line) for c, line, _ in found] == [("E340", 8)]
    assert "from -c stage=Prod" in found[0][2]


def test_validate_takes_c_overrides(write_spec, capsys) -> None:  # type: ignore[no-untyped-def]
    path = write_spec(BUCKET)
    assert main(["validate", str(path), "-c", "stage=dev"]) == 0
    assert main(["validate", str(path)]) == 1
    capsys.readouterr()


def test_a_parameter_without_a_value_is_an_error_where_it_is_read(write_spec) -> None:  # type: ignore[no-untyped-def]
    found = _found(write_spec, BUCKET.replace("    default: DEV\n", "    description: the stage\n"))
    assert [(c, line) for c, line, _ in found] == [("E364", 8)]
    assert _found(write_spec, BUCKET.replace("    default: DEV\n", "    description: the stage\n"),
                  {"stage": "dev"}) == []


JSONATA = """\
version: 1
state_machines:
  main:
    query_language: jsonata
    states:
      Legacy:
        type: pass
        query_language: jsonpath
        result: {a: 1}
      Fan:
        type: parallel
        branches:
          - query_language: jsonpath
            states:
              Inner:
                type: pass
"""


def test_jsonpath_inside_a_jsonata_machine_is_an_error(write_spec) -> None:  # type: ignore[no-untyped-def]
    found = _found(write_spec, JSONATA)
    assert [(c, line) for c, line, _ in found] == [("E363", 8), ("E363", 13)]


def test_jsonata_states_in_a_jsonpath_machine_are_fine(write_spec) -> None:  # type: ignore[no-untyped-def]
    text = JSONATA.replace("    query_language: jsonata\n", "").replace("query_language: jsonpath", "query_language: jsonata")
    text = text.replace("        result: {a: 1}\n", "        output: {a: 1}\n")
    assert _found(write_spec, text) == []
