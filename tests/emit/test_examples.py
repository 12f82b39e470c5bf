"""The examples of the resource kinds (tests/golden/specs.py EXAMPLES): each validates with no
finding and synthesizes with cdk-nag's AwsSolutions pack finding nothing unacknowledged; the order
saga's two inputs take the happy path and the compensation (mocked integrations here; issue 13's
`compiler run` runs them against the emulator)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from compiler.cli import main
from compiler.pipeline import compile_spec
from tests.emit.conftest import REPO
from tests.golden.specs import EXAMPLES

FOLDERS = [REPO / "examples" / name for name in EXAMPLES]


@pytest.mark.parametrize("folder", FOLDERS, ids=EXAMPLES)
def test_example_validates_clean(folder: Path) -> None:
    assert compile_spec(folder / "workflow.yaml").report.sorted() == []


@pytest.mark.parametrize("folder", FOLDERS, ids=EXAMPLES)
def test_example_synthesizes_with_nag(folder: Path, tmp_path: Path) -> None:
    from compiler.commands.cdk_app import synthesize
    from compiler.emit.stack_app import make_app

    copy = tmp_path / folder.name
    shutil.copytree(folder, copy)
    result = synthesize(make_app(str(tmp_path / "out")), copy / "workflow.yaml", nag=True)
    assert result.ok, [(d.code, d.message) for d in result.report.sorted()]
    assert result.report.sorted() == []


def _run(capsys: pytest.CaptureFixture[str], input_file: str) -> dict[str, object]:
    folder = REPO / "examples" / "orders"
    code = main(["run", str(folder / "workflow.yaml"), "--input", f"@{folder / input_file}",
                 "--mock", "arn:aws:states:::*={}", "--format", "json"])
    out = capsys.readouterr().out
    result: dict[str, object] = json.loads(out)
    result["exit"] = code
    return result


def test_orders_happy_path_confirms(capsys: pytest.CaptureFixture[str]) -> None:
    result = _run(capsys, "input.json")
    assert result["status"] == "SUCCEEDED", result


def test_orders_declined_payment_rolls_the_order_back(capsys: pytest.CaptureFixture[str]) -> None:
    result = _run(capsys, "input-compensate.json")
    assert (result["status"], result["error"]) == ("FAILED", "OrderCancelled")
    text = json.dumps(result)
    assert "Roll Back Order" in text and "Notify Cancellation" in text and "Confirm Order" not in text
