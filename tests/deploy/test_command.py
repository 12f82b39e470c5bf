"""`compiler deploy-local`: a spec with an error, or one the emulator cannot deploy, starts
nothing; usage errors are messages, not tracebacks."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler import cli
from compiler.deploy import cdk_cli, server
from tests.deploy.conftest import REPO


@pytest.fixture
def nothing_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("nothing may be started for this spec")

    monkeypatch.setattr(server.MotoServer, "start", refuse)
    monkeypatch.setattr(cdk_cli.CdkCli, "run", refuse)


def test_a_spec_with_an_error_prints_diagnostics_and_starts_nothing(
    tmp_path: Path, nothing_starts: None, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    text = (REPO / "workflow.yaml").read_text(encoding="utf-8")
    # The seed post's own typo: a missing quote before ']'.
    bad.write_text(text.replace("'const_value']", "'const_value]"), encoding="utf-8")
    assert cli.main(["deploy-local", str(bad)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:" in err and "error[" in err
    assert "nothing was deployed" in err
    assert "Traceback" not in err


def test_custom_resources_are_refused_before_starting(
    tmp_path: Path, nothing_starts: None, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "workflow.yaml"
    spec.write_text((REPO / "workflow.yaml").read_text(encoding="utf-8").replace(
        "removal_policy: retain", "removal_policy: destroy"), encoding="utf-8")
    (tmp_path / "handlers").symlink_to(REPO / "handlers")
    (tmp_path / "layers").symlink_to(REPO / "layers")
    assert cli.main(["deploy-local", str(spec)]) == 1
    assert "Custom::S3AutoDeleteObjects" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["deploy-local", "no-such.yaml"], "no such file"),
        (["deploy-local", "workflow.yaml", "--port", "70000"], "--port"),
        (["deploy-local", "workflow.yaml", "-c", "novalue"], "NAME=VALUE"),
    ],
)
def test_usage_errors(
    argv: list[str], message: str, nothing_starts: None, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(REPO)
    assert cli.main(argv) == 2
    assert message in capsys.readouterr().err


def test_an_unnamed_fifo_queue_is_refused_before_starting(
    tmp_path: Path, nothing_starts: None, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "workflow.yaml"
    spec.write_text("""version: 1
stack:
  nag_acknowledgements:
    - {rule: AwsSolutions-SQS3, reason: "A test queue; nothing consumes it."}
resources:
  jobs: {type: queue, fifo: true}
state_machines:
  main:
    states:
      Send:
        type: task
        resource: arn:aws:states:::sqs:sendMessage
        parameters: {QueueUrl: "${jobs.url}", MessageBody.$: $, MessageGroupId: g}
""", encoding="utf-8")
    assert cli.main(["deploy-local", str(spec)]) == 1
    assert "give it a queue_name ending in '.fifo'" in capsys.readouterr().err
