"""Every command, given bad input, ends with a clear message and exit 1 or 2, never a traceback.

Each case runs ``compiler.cli.main`` in a folder holding a small world of bad inputs (a missing
file, a folder, an empty file, binary bytes, a spec with an error, a good spec, an ASL file) and
checks the exit status, a phrase of the message, and that no Python traceback was printed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.cli import main

GOOD = "version: 1\nstate_machines:\n  m:\n    states:\n      A:\n        type: pass\n"
BAD = GOOD + "        next: Nope\n"
ASL = '{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}\n'


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "good.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "bad.yaml").write_text(BAD, encoding="utf-8")
    (tmp_path / "empty.yaml").write_text("", encoding="utf-8")
    (tmp_path / "binary.yaml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff\xfe\xe1")
    (tmp_path / "def.asl.json").write_text(ASL, encoding="utf-8")
    (tmp_path / "a_folder").mkdir()
    (tmp_path / "a_file").write_text("x", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    # Never inside a git repository, wherever the temporary folder lives.
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    return tmp_path


CASES = [
    # validate
    ("validate-missing", ["validate", "missing.yaml"], 2, "Y111"),
    ("validate-folder", ["validate", "a_folder"], 2, "Y111"),
    ("validate-empty", ["validate", "empty.yaml"], 1, "Y103"),
    ("validate-binary", ["validate", "binary.yaml"], 1, "Y102"),
    ("validate-errors", ["validate", "bad.yaml"], 1, "E302"),
    # schema: -o and --check on what is not a writable / readable file
    ("schema-o-folder", ["schema", "-o", "a_folder"], 2, "cannot write a_folder"),
    ("schema-o-under-file", ["schema", "-o", "a_file/x.json"], 2, "cannot create the folder"),
    ("schema-check-folder", ["schema", "--check", "-o", "a_folder"], 2, "cannot read a_folder"),
    ("schema-check-binary", ["schema", "--check", "-o", "binary.yaml"], 2, "cannot read binary.yaml"),
    # import
    ("import-missing", ["import", "missing.json"], 2, "Y111"),
    ("import-folder", ["import", "a_folder"], 2, "Y111"),
    ("import-empty", ["import", "empty.yaml"], 1, "M501"),
    ("import-binary", ["import", "binary.yaml"], 1, "Y102"),
    ("import-o-under-file", ["import", "def.asl.json", "-o", "a_file/x.yaml"], 2, "cannot write a_file/x.yaml"),
    ("import-o-folder-force", ["import", "def.asl.json", "-o", "a_folder", "--force"], 2, "cannot write a_folder"),
    ("import-into-missing", ["import", "def.asl.json", "--into", "missing.yaml"], 2, "Y111"),
    # diff
    ("diff-missing", ["diff", "missing.yaml", "good.yaml"], 2, "'missing.yaml': no such file"),
    ("diff-bad-revision", ["diff", "no-such-revision"], 2, "is not a spec file"),
    ("diff-errors", ["diff", "bad.yaml", "good.yaml"], 2, "E302"),
    ("diff-empty", ["diff", "empty.yaml", "good.yaml"], 2, "Y103"),
    ("diff-o-folder", ["diff", "good.yaml", "good.yaml", "-o", "a_folder"], 2, "cannot write a_folder"),
    ("diff-o-under-file", ["diff", "good.yaml", "good.yaml", "-o", "a_file/x.md"], 2, "cannot write a_file/x.md"),
    # graph (an unreadable spec is a usage problem: exit 2 in every command)
    ("graph-missing", ["graph", "missing.yaml"], 2, "Y111"),
    ("graph-binary", ["graph", "binary.yaml"], 1, "Y102"),
    ("graph-unknown-machine", ["graph", "good.yaml", "--machine", "nope"], 2, "no state machine nope"),
    ("graph-o-folder", ["graph", "good.yaml", "-o", "a_folder"], 2, "cannot write a_folder"),
    ("graph-o-under-file", ["graph", "good.yaml", "-o", "a_file/x.mmd"], 2, "cannot write a_file/x.mmd"),
    # synth: a bad -o is refused before CDK sees it (a file: jsii error; an uncreatable folder: a hang)
    ("synth-missing", ["synth", "missing.yaml", "-o", "out"], 2, "Y111"),
    ("synth-o-file", ["synth", "good.yaml", "-o", "a_file"], 2, "is not a folder"),
    ("synth-o-under-file", ["synth", "good.yaml", "-o", "a_file/out"], 2, "cannot use a_file/out"),
    # run
    ("run-missing", ["run", "missing.yaml"], 2, "cannot read missing.yaml"),
    ("run-errors", ["run", "bad.yaml"], 1, "E302"),
    ("run-unknown-machine", ["run", "good.yaml", "--machine", "nope"], 2, "no such state machine"),
    ("run-malformed-input", ["run", "good.yaml", "--input", "{bad"], 2, "not JSON"),
    ("run-input-missing-file", ["run", "good.yaml", "--input", "@missing.json"], 2, "cannot read missing.json"),
    ("run-input-binary-file", ["run", "good.yaml", "--input", "@binary.yaml"], 2, "cannot read binary.yaml"),
    ("run-endpoint-not-a-url", ["run", "good.yaml", "--endpoint-url", "notaurl"], 2, "--endpoint-url"),
    ("run-endpoint-no-scheme", ["run", "good.yaml", "--endpoint-url", "localhost:4566"], 2, "http://"),
    ("run-folder", ["run", "a_folder"], 2, "it is a folder"),
    ("run-input-empty-file", ["run", "good.yaml", "--input", "@empty.yaml"], 2, "empty.yaml is empty"),
    ("run-name-with-space", ["run", "good.yaml", "--name", "a b"], 2, "not allowed in an execution name"),
    ("run-name-with-slash", ["run", "good.yaml", "--name", "a/b"], 2, "not allowed in an execution name"),
    ("run-name-empty", ["run", "good.yaml", "--name", ""], 2, "1 to 80 characters"),
    # deploy-local: everything here stops before an emulator is started
    ("deploy-local-missing", ["deploy-local", "missing.yaml"], 2, "no such file"),
    ("deploy-local-folder", ["deploy-local", "a_folder"], 2, "a folder, not a spec file"),
    ("deploy-local-errors", ["deploy-local", "bad.yaml"], 1, "E302"),
    ("deploy-local-port", ["deploy-local", "good.yaml", "--port", "70000"], 2, "--port must be"),
]


@pytest.mark.parametrize(("argv", "code", "needle"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_a_message_not_a_traceback(
    world: Path, capsys: pytest.CaptureFixture[str], argv: list[str], code: int, needle: str
) -> None:
    assert main(argv) == code
    captured = capsys.readouterr()
    both = captured.out + captured.err
    assert needle in both
    assert "Traceback" not in both


def test_nothing_is_left_behind_when_import_cannot_write(world: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "def.asl.json", "-o", "a_folder", "--force"]) == 2
    assert list((world / "a_folder").iterdir()) == []
    assert [p.name for p in world.iterdir() if p.name.startswith(".")] == []


def test_graph_svg_without_dot_on_path(
    world: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = world / "no_dot_here"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    assert main(["graph", "good.yaml", "--format", "svg"]) == 2
    err = capsys.readouterr().err
    assert "needs Graphviz's `dot`" in err
    assert "Traceback" not in err
