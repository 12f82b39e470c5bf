"""``compiler run --report``: the page's data and markup (tests/report/test_browser.py clicks through it)."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from compiler.pipeline import compile_spec
from compiler.report.data import ReportRun, report_data
from compiler.report.page import report_html
from compiler.report.trace import state_definitions
from compiler.run import TaskFailure, execute
from tests.report.conftest import REPO
from tests.report.conftest import report_data as data_of


def _seed_states() -> dict[str, list[str]]:
    program = compile_spec(REPO / "workflow.yaml").program
    assert program is not None
    return {m.name: list(state_definitions(m.definition)) for m in program.machines.values()}


def test_the_seed_page_has_every_state_of_main_and_sub(seed_report: Path) -> None:
    page = seed_report.read_text("utf-8")
    data = data_of(page)
    expected = _seed_states()
    assert set(expected) == {"sfn_main_state_machine", "sfn_sub_state_machine"}
    for machine, states in expected.items():
        drawn = data["machines"][machine]
        assert drawn["states"] == states
        # Drawn by Graphviz: each state a node of the inline SVG, labelled with its name.
        assert sorted(drawn["nodes"].values()) == sorted(states)
        labels = {html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", drawn["svg"])}
        assert set(states) <= labels
    # One main execution and three nested ones, each knowing the task that started it.
    executions = data["executions"]
    subs = [e for e in executions.values() if e["machine"] == "sfn_sub_state_machine"]
    assert [data["visits"][e["startedBy"]]["name"] for e in subs] == ["Sub Task 1", "Sub Task 2", "Sub Task 3"]


def test_the_page_is_self_contained(seed_report: Path) -> None:
    page = seed_report.read_text("utf-8")
    assert "偶数です" in page  # as written, in the data the panels show
    # Nothing is fetched: no external script, style, image or font.
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "@import" not in page and "url(" not in page
    assert "default-src 'none'" in page  # and the browser is told so
    # One graph per machine, inline (in the data: "<" is escaped there, so no "</script>" can end it).
    assert "<svg" not in page
    assert [m["svg"][:4] for m in data_of(page)["machines"].values()] == ["<svg", "<svg"]


def test_each_visit_records_what_the_panel_shows(seed_report: Path) -> None:
    data = data_of(seed_report.read_text("utf-8"))
    branch2 = next(e for e in data["executions"].values()
                   if e["machine"] == "sfn_sub_state_machine" and data["values"][e["input"]]["parallel_no"] == 2)
    (second,) = [data["visits"][i] for i in branch2["byState"]["Second Task"]]
    assert second["status"] == "caught"
    assert second["catch"] == {"errorEquals": ["States.ALL"], "next": "Error Task"}
    assert second["error"] == "Exception" and '"errorType": "Exception"' in second["cause"]
    (error_task,) = [data["visits"][i] for i in branch2["byState"]["Error Task"]]
    values = data["values"]
    assert values[error_task["output"]]["error_message"]["errorMessage"] == "偶数です"
    assert values[error_task["parameters"]] == values[error_task["input"]]  # scheduled with its input
    # Each payload is stored once: Second Task's output is Error Task's input.
    assert error_task["input"] == second["output"]
    assert "Third Task" not in branch2["byState"]  # not entered: drawn grey


MAP = {
    "StartAt": "Each",
    "States": {
        "Each": {"Type": "Map", "ItemsPath": "$.items", "End": True,
                 "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                                   "StartAt": "Work", "States": {"Work": {
                                       "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
                                       "Parameters": {"QueueUrl": "q", "MessageBody.$": "$"}, "End": True}}},
                 "ToleratedFailurePercentage": 100},
    },
}


def test_distributed_map_iterations_are_groups_of_the_map_visit() -> None:
    calls: list[object] = []

    def work(parameters: dict[str, object], context: object) -> object:
        calls.append(parameters)
        return TaskFailure("Work.Bad", "odd") if parameters["MessageBody"] == 3 else {"ok": True}

    execution = execute(MAP, {"items": [1, 2, 3, 4]}, mocks={"arn:aws:states:::sqs:*": work},
                        state_machine_name="m")
    data = report_data([ReportRun("m", execution, {"m": MAP})])
    (map_visit,) = [v for v in data["visits"].values() if v["name"] == "Each"]
    assert [(g["label"], g["status"]) for g in map_visit["groups"]] == [
        ("item 0", "succeeded"), ("item 1", "succeeded"), ("item 2", "failed"), ("item 3", "succeeded")]
    work_visits = [data["visits"][g["visits"][0]] for g in map_visit["groups"]]
    assert [data["values"][v["input"]] for v in work_visits] == [1, 2, 3, 4]
    assert work_visits[2]["error"] == "Work.Bad" and work_visits[2]["status"] == "failed"
    assert data["machines"]["m"]["entered"] == ["Each", "Work"]


def test_report_html_takes_several_runs() -> None:
    definition = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}
    runs = [ReportRun(f"case {i}", execute(definition, {"i": i}, state_machine_name="m"), {"m": definition})
            for i in range(2)]
    data = data_of(report_html(runs, "tests"))
    assert [r["title"] for r in data["runs"]] == ["case 0", "case 1"]
    assert [data["values"][data["executions"][r["root"]]["input"]] for r in data["runs"]] == [{"i": 0}, {"i": 1}]
    assert "<script>alert(1)</script>" not in report_html(
        [ReportRun("<script>alert(1)</script>", runs[0].execution, {"m": definition})])


def test_an_unwritable_report_is_a_usage_error(tmp_path: Path, capsys: Any, monkeypatch: Any) -> None:
    from compiler.cli import main

    asl = tmp_path / "p.asl.json"
    asl.write_text('{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}', "utf-8")
    monkeypatch.chdir(tmp_path)
    code = main(["run", str(asl), "--report", str(tmp_path / "no" / "such" / "run.html")])
    err = capsys.readouterr().err
    assert code == 2
    assert "cannot write the report" in err and "--report needs a file path" in err and "Traceback" not in err
