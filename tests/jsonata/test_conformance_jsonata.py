"""The ``jsonata`` and ``variables`` recordings of shared/conformance/asl run in ONE harness.

tests/run/test_conformance.py runs every case of the corpus through compiler.run.execute, these two
categories included, and compares each state's recorded ``assigned_variables``; its expected-failure
table is the only one. Here: that it really covers both categories, and two probes that fail fast
(with a readable message) if the runner ever stops evaluating JSONata or variables.
"""

from __future__ import annotations

from compiler.run import execute
from tests import shared

CORPUS = shared.CONFORMANCE_ASL
CATEGORIES = ("jsonata", "variables")


@shared.conformance
def test_the_runner_suite_runs_every_jsonata_and_variables_case() -> None:
    from tests.run import test_conformance

    ids = {param.id for param in test_conformance._case_files()}
    for category in CATEGORIES:
        files = sorted((CORPUS / category).glob("*.json"))
        assert files, category
        assert {f"{category}/{path.stem}" for path in files} <= ids
    # No skip path is left in the harness: every case runs and counts.
    assert not hasattr(test_conformance, "_skip_reason")


def test_jsonata_probe() -> None:
    definition = {
        "QueryLanguage": "JSONata",
        "StartAt": "P",
        "States": {"P": {"Type": "Pass", "Output": "{% $states.input.a + 1 %}", "End": True}},
    }
    assert execute(definition, {"a": 1}).output == 2


def test_variables_probe() -> None:
    definition = {
        "StartAt": "A",
        "States": {
            "A": {"Type": "Pass", "Assign": {"x": 41}, "Next": "B"},
            "B": {"Type": "Pass", "Parameters": {"v.$": "$x"}, "End": True},
        },
    }
    execution = execute(definition, {})
    assert execution.output == {"v": 41}
    assert execution.states[0].assigned_variables == {"x": 41}
