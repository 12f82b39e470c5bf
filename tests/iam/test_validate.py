"""The registry at validate time (checks/iam.py): W420 names the state, the field chosen at run time
and the grant it forces, with the resources of the machine being validated."""

from __future__ import annotations

from pathlib import Path

from compiler.pipeline import compile_spec

SPEC = """\
version: 1
state_machines:
  sync_orders:
    states:
      Call:
        type: task
        resource: arn:aws:states:::http:invoke
        parameters:
          ApiEndpoint.$: $.url
          Method: GET
          Authentication: {ConnectionArn: "arn:aws:events:us-east-1:111122223333:connection/partner/0a1b"}
"""


def test_a_run_time_endpoint_is_w420_with_the_grant_on_this_machine(tmp_path: Path) -> None:
    spec = tmp_path / "workflow.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    report = compile_spec(spec).report
    warnings = [d for d in report.sorted() if d.code == "W420"]
    assert [d.message for d in warnings] == [
        "state 'Call': ApiEndpoint is chosen at run time, so states:InvokeHTTPEndpoint is granted on ${sync_orders.arn}"]
