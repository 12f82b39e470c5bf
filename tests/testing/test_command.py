"""``compiler test``: the seed's cases, failures with JSON paths, formats, -k, coverage, exit codes."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest

from compiler.loader import load_file
from compiler.testing.schema import render_test_schema
from tests.testing.conftest import AWS_EXAMPLE, Ran

REPO = Path(__file__).resolve().parents[2]
SEED_TESTS = REPO / "tests" / "workflow" / "seed.yaml"
SUB_CASES = "branch"


def test_the_checked_in_test_schema_is_current_and_the_seed_tests_obey_it() -> None:
    schema_file = REPO / "schema" / "workflow-test.schema.json"
    assert schema_file.read_text("utf-8") == render_test_schema(), "regenerate with: compiler schema --test-file"
    validator = jsonschema.Draft202012Validator(json.loads(render_test_schema()))
    validator.validate(load_file(SEED_TESTS).data)
    assert not validator.is_valid({"version": 1, "cases": [{"name": "x", "expect": {"status": "OK"}}]})


def test_the_seed_cases_pass_with_full_coverage_of_the_sub_machine(cli: Callable[..., Ran],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    ran = cli("test", "workflow.yaml", "--format", "json", "--coverage")
    assert ran.code == 0, ran.out + ran.err
    doc = ran.json()
    assert [c["outcome"] for c in doc["cases"]] == ["passed"] * 5
    machines = {m["machine"]: m for m in doc["coverage"]["machines"]}
    sub = machines["sfn_sub_state_machine"]
    assert sub["percent"] == 100.0
    assert sub["kinds"]["states"] == {"covered": 3, "total": 3}
    assert sub["kinds"]["catch edges"] == {"covered": 2, "total": 2}
    assert machines["sfn_main_state_machine"]["percent"] == 100.0


def _copy_seed(tmp_path: Path) -> Path:
    for name in ("workflow.yaml", "handlers", "layers"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, tmp_path / name)
    return tmp_path / "workflow.yaml"


def _write_tests(tmp_path: Path, text: str, name: str = "workflow.test.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


BRANCH_3 = """\
version: 1
cases:
  - name: third
    machine: sub
    input: {parallel_no: 3, first_result: {}, message: hi, context_name: x, const_value: ham}
    expect:
      output_contains: {unused: 1}
      state:
        Second Task: {output: {second_result: {message: bye}}}
"""


def test_a_failing_expectation_shows_the_json_path_and_exits_1(cli: Callable[..., Ran], tmp_path: Path) -> None:
    spec = _copy_seed(tmp_path)
    _write_tests(tmp_path, BRANCH_3)
    ran = cli("test", str(spec))
    assert ran.code == 1
    assert "FAIL  " in ran.out
    assert 'state["Second Task"].output.second_result.message' in ran.out
    assert 'expected: "bye"' in ran.out and 'actual:   "hi"' in ran.out
    assert "output: \n" not in ran.out
    assert "0 passed, 1 failed" in ran.out


def test_junit_xml(cli: Callable[..., Ran], tmp_path: Path) -> None:
    spec = _copy_seed(tmp_path)
    tests = _write_tests(tmp_path, BRANCH_3 + BRANCH_3.split("cases:\n", 1)[1].replace("name: third", "name: ok")
                         .replace("      output_contains: {unused: 1}\n      state:\n        Second Task: {output: "
                                  "{second_result: {message: bye}}}\n", "      output: only 3rd message.\n"))
    out = tmp_path / "report.xml"
    ran = cli("test", str(spec), "--format", "junit", "-o", str(out))
    assert ran.code == 1
    root = ET.parse(out).getroot()
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("2", "1", "0")
    cases = root.findall("./testsuite/testcase")
    assert [c.get("name") for c in cases] == ["third", "ok"]
    assert cases[0].find("failure") is not None and cases[1].find("failure") is None
    assert cases[0].get("file") == str(tests)


def test_k_selects_cases_by_name(cli: Callable[..., Ran], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    ran = cli("test", "-k", "branch 2", "--format", "json")
    assert ran.code == 0, ran.err
    assert [c["name"] for c in ran.json()["cases"]] == ["branch 2 fails at Second Task"]
    none = cli("test", "-k", "no such case")
    assert none.code == 2
    assert "no test case matches -k no such case" in none.err


def test_min_coverage(cli: Callable[..., Ran], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    ran = cli("test", "-k", "branch 3", "--min-coverage", "90")
    assert ran.code == 1
    assert "is below --min-coverage 90 %" in ran.err
    assert "not covered:" in ran.out
    assert "sfn_sub_state_machine: catch edge Second Task Catch[0] ['States.ALL'] -> Error Task" in ran.out
    assert cli("test", "-k", "branch", "--min-coverage", "40").code == 0


@pytest.mark.parametrize(("case", "code", "line", "words"), [
    ("  - name: a\n    machine: sbu\n", "T810", 4, "no such state machine"),
    ("  - name: a\n    machine: sub\n    mocks: {Secnd Task: {return: 1}}\n", "T811", 5, "did you mean 'Second Task'?"),
    ("  - name: a\n    machine: main\n    mocks: {Parallel Task: {return: []}}\n", "T812", 5, "is a Parallel state"),
    ("  - name: a\n    machine: sub\n    mocks: {Second Task: Nope}\n", "T813", 5, "no mocked response named 'Nope'"),
    ("  - name: a\n    machine: sub\n    mocks:\n      Second Task:\n        0-1: {return: 1}\n        1: {return: 2}\n",
     "T815", 8, "overlap"),
    ("  - name: a\n    machine: sub\n  - name: a\n    machine: sub\n", "T816", 5, "comes earlier"),
    ("  - name: a\n    machine: sub\n    fixtures: {nosql: []}\n", "T830", 5, "unknown part 'nosql'"),
    ("  - name: a\n    machine: sub\n    expect: {states: [Second Task, Thrid Task]}\n", "T811", 5, "Third Task"),
    ("  - name: a\n    expect: {status: OK}\n", "T803", 4, "status"),
])
def test_mistakes_in_test_files_are_located_diagnostics(cli: Callable[..., Ran], tmp_path: Path, case: str,
                                                        code: str, line: int, words: str) -> None:
    spec = _copy_seed(tmp_path)
    path = _write_tests(tmp_path, "version: 1\ncases:\n" + case)
    ran = cli("test", str(spec))
    assert ran.code == 2, ran.out
    assert f"{path}:{line}:" in ran.err
    assert f"error[{code}]" in ran.err
    assert words in ran.err
    assert "nothing was run" in ran.err


def test_export_then_reimport_gives_the_same_results(cli: Callable[..., Ran], tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    exported = tmp_path / "MockConfigFile.json"
    ran = cli("test", "--export-mock-config", str(exported))
    assert ran.code == 0, ran.err
    config = json.loads(exported.read_text("utf-8"))
    case = config["StateMachines"]["sfn_main_state_machine"]["TestCases"][
        "a failing S3 write in the first task fails the main machine"]
    [response] = case.values()
    assert config["MockedResponses"][response]["0"]["Throw"]["Error"] == "ClientError"
    # The same cases, their mocks now taken from the exported file by test case name.
    data = load_file(SEED_TESTS).data
    data["spec"] = str(REPO / "workflow.yaml")
    data["mock_config"] = str(exported)
    for item in data["cases"]:
        item["mock_case"], item["mocks"] = item["name"], {}
    reimported = tmp_path / "seed.test.yaml"
    reimported.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    before = cli("test", str(SEED_TESTS), "--format", "json").json()["cases"]
    after = cli("test", str(reimported), "--format", "json").json()["cases"]
    assert [(c["name"], c["outcome"], c["status"]) for c in after] == [
        (c["name"], c["outcome"], c["status"]) for c in before]
    assert all(c["outcome"] == "passed" for c in after)


def test_export_is_a_valid_mock_config_file(cli: Callable[..., Ran], tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from compiler.testing.mock_config import load_mock_config

    monkeypatch.chdir(REPO)
    exported = tmp_path / "MockConfigFile.json"
    assert cli("test", "--export-mock-config", str(exported)).code == 0
    assert load_mock_config(exported).report.diagnostics == []


def test_a_mock_config_file_runs_as_is(cli: Callable[..., Ran]) -> None:
    ran = cli("test", str(AWS_EXAMPLE / "LambdaSQSIntegration.asl.json"), "--mock-config",
              str(AWS_EXAMPLE / "MockConfigFile.json"), "--format", "json", "--coverage")
    assert ran.code == 1  # HybridPath's SQSState sends to the embedded SQS, where its queue does not exist
    cases = {c["name"]: c for c in ran.json()["cases"]}
    assert cases["HappyPath"]["outcome"] == cases["RetryPath"]["outcome"] == "passed"
    assert cases["HybridPath"]["outcome"] == "failed"
    assert "SQS.QueueDoesNotExistException" in json.dumps(cases["HybridPath"])
    [machine] = ran.json()["coverage"]["machines"]
    assert machine["kinds"]["retry rules"] == {"covered": 1, "total": 1}
    assert machine["percent"] == 100.0
