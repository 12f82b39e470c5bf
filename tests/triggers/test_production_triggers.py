"""Each trigger of examples/production runs locally with `compiler run --trigger` and succeeds."""

from __future__ import annotations

import json

import pytest

from compiler.cli import main
from tests.golden.specs import REPO

SPEC = REPO / "examples" / "production" / "workflow.yaml"


@pytest.mark.parametrize("trigger", ["nightly", "placed", "uploaded", "api"])
def test_each_trigger_runs_the_machine(capsys: pytest.CaptureFixture[str], trigger: str) -> None:
    extra = ["--input", '{"order": "api-1", "amounts": [5, 7]}'] if trigger == "api" else []
    code = main(["run", str(SPEC), "--trigger", trigger, "--format", "json", *extra])
    out, err = capsys.readouterr()
    result = json.loads(out)
    assert (code, result["status"]) == (0, "SUCCEEDED"), err
    assert f"trigger '{trigger}' starts orders" in err
    assert result["output"]["message"].startswith("order ")
