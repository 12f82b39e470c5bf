"""Property: ``compiler validate`` on any input never raises, exits 0 or 1, and exit 1 comes with a diagnostic.

Three sources of input: arbitrary bytes, arbitrary YAML documents (trees of mappings, sequences and
scalars dumped with ruamel, sometimes shaped like a spec), and random edits of the seed workflow.yaml.
"""

from __future__ import annotations

import io
import json
import tempfile
from collections.abc import Iterator
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from compiler.cli import main
from tests.checks.conftest import SEED
from tests.fuzz import examples

# The jsonata package raises the recursion limit when first imported; hypothesis warns, harmlessly.
pytestmark = pytest.mark.filterwarnings("ignore:The recursion limit will not be reset")

# The profile (tests/fuzz.py) sets the count: FUZZ_EXAMPLES=N or --hypothesis-profile=thorough for more.
SETTINGS = settings(max_examples=examples(2), deadline=None, suppress_health_check=[HealthCheck.too_slow])
SEED_LINES = SEED.read_text(encoding="utf-8").splitlines(keepends=True)

# Words that steer generated trees towards the spec's own vocabulary, so checks past the model run too.
WORDS = st.sampled_from([
    "version", "state_machines", "states", "type", "task", "pass", "choice", "map", "parallel", "wait",
    "succeed", "fail", "next", "end", "start_at", "branches", "item_processor", "resources", "function",
    "bucket", "role", "invoke", "start_execution", "input_path", "result_path", "parameters", "x.$",
    "$.a", "$$.State.Name", "States.Format('{}', $.a)", "choices", "variable", "catch", "errors",
    "States.ALL", "retry", "seconds", "code", "handler", "${a.arn}", "A", "B",
])
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-(2**40), 2**40), st.floats(allow_nan=False),
                    st.text(max_size=20), WORDS)
KEYS = st.one_of(WORDS, st.text(min_size=1, max_size=12))
TREES = st.recursive(
    SCALARS,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(KEYS, children, max_size=5)),
    max_leaves=40,
)
SPEC_LIKE = st.fixed_dictionaries(
    {"version": st.sampled_from([1, 1, 2, "1"])},
    optional={"resources": st.dictionaries(WORDS, TREES, max_size=3),
              "state_machines": st.dictionaries(WORDS, st.fixed_dictionaries(
                  {"states": st.dictionaries(KEYS, st.dictionaries(WORDS, TREES, max_size=5), max_size=4)}),
                  max_size=2)},
)


# Specs that mostly pass the models, so that every semantic check runs on odd but well-typed input.
NAMES = st.sampled_from(["A", "B", "Start", "Done", "Job Complete?", "", " ", "x" * 90, "Eror"])
PATHS = st.sampled_from(["$", "$.a", "$.a[0]", "$['a','b']", "$.a[*]", "$..a", "$$.Execution.Id", "$$.Nope",
                         "$$.Map.Item.Value", "$$.Map", "$a", "$.a[", "a", "States.Format('{}', $.a)", "States.Nope()",
                         "States.MathAdd($a.b, 1)", "States.Format('{}', States.MathAdd($a, $$.Map.Item.Index))",
                         "${params.stage}"])
# Every JSON type, floats included: messages describe the value they found (describe_value).
VALUES = st.one_of(PATHS, st.integers(-5, 5), st.floats(allow_nan=False), st.booleans(), st.none(),
                   st.text(max_size=45))
TEMPLATE = st.dictionaries(st.sampled_from(["x", "y.$", "z.$", "w"]), st.one_of(VALUES, st.lists(VALUES, max_size=2)),
                           max_size=3)
RULE = st.fixed_dictionaries({}, optional={
    "variable": PATHS, "string_equals": st.just("x"), "numeric_greater_than": st.integers(0, 3),
    "is_present": st.booleans(), "timestamp_equals": st.sampled_from(["2020-01-01T00:00:00Z", "soon"]),
    "string_equals_path": PATHS, "next": NAMES, "condition": st.just("{% true %}"),
})
FLOW = {"next": NAMES, "end": st.booleans()}
IO = {"input_path": PATHS, "output_path": PATHS}
RESULT = {"result_path": PATHS, "result_selector": TEMPLATE}
ERRORS = {
    "retry": st.lists(st.fixed_dictionaries({"errors": st.lists(st.sampled_from(
        ["States.ALL", "States.Timeout", "States.Nope", "X"]), min_size=1, max_size=2)},
        optional={"max_attempts": st.integers(-1, 3), "backoff_rate": st.floats(0, 3),
                  "interval_seconds": st.integers(0, 2)}), max_size=2),
    "catch": st.lists(st.fixed_dictionaries({"errors": st.just(["States.ALL"]), "next": NAMES},
                                            optional={"result_path": PATHS}), max_size=2),
}
INNER = st.dictionaries(NAMES, st.fixed_dictionaries({"type": st.sampled_from(["pass", "succeed"])},
                                                     optional={"next": NAMES, "input_path": PATHS}),
                        min_size=1, max_size=3)
SECONDS = st.one_of(st.integers(1, 5), st.just("{% 3 %}"))


def _state(kind: str, required: dict[str, Any], **optional: Any) -> Any:
    return st.fixed_dictionaries({"type": st.just(kind), **required},
                                 optional={"comment": st.just("c"), "query_language": st.just("jsonata"), **optional})


STATE = st.one_of(
    _state("task", {"resource": st.sampled_from(["arn:aws:states:::sqs:sendMessage", "${fn.arn}", "${nope.arn}"])},
           parameters=TEMPLATE, timeout_seconds=SECONDS, heartbeat_seconds=SECONDS, heartbeat_seconds_path=PATHS,
           assign=TEMPLATE, **FLOW, **IO, **RESULT, **ERRORS),
    _state("task", {"invoke": st.sampled_from(["fn", "m", "nope"])}, payload=TEMPLATE, **FLOW, **IO, **ERRORS),
    _state("task", {"start_execution": st.sampled_from(["m", "n", "fn"])}, input=TEMPLATE,
           integration=st.sampled_from(["sync", "fire_and_forget"]), **FLOW, **IO),
    _state("pass", {}, parameters=TEMPLATE, result=VALUES, result_path=PATHS, **FLOW, **IO),
    _state("choice", {"choices": st.lists(RULE | st.fixed_dictionaries(
        {"and": st.lists(RULE, max_size=2), "next": NAMES}), min_size=1, max_size=2)}, default=NAMES, **IO),
    _state("wait", {}, seconds=st.integers(-1, 5), seconds_path=PATHS, timestamp=st.just("2030-01-01"),
           timestamp_path=PATHS, **FLOW),
    _state("succeed", {}, **IO),
    _state("fail", {}, error=st.just("E"), error_path=PATHS, cause=st.just("c"), cause_path=PATHS),
    _state("parallel", {"branches": st.lists(st.fixed_dictionaries({"states": INNER}, optional={"start_at": NAMES}),
                                             min_size=1, max_size=2)}, **FLOW, **RESULT, **ERRORS),
    _state("map", {"item_processor": st.fixed_dictionaries({"states": INNER}, optional={
        "processor_config": st.fixed_dictionaries({"mode": st.sampled_from(["inline", "distributed"])})})},
           items_path=PATHS, item_selector=TEMPLATE, parameters=TEMPLATE, max_concurrency=st.integers(0, 3),
           max_concurrency_path=PATHS, label=st.just("L"), **FLOW, **RESULT),
)
WELL_TYPED = st.fixed_dictionaries({
    "version": st.just(1),
    "parameters": st.dictionaries(st.sampled_from(["stage", "stag", "owner"]), st.just({"default": "dev"}),
                                  max_size=2),
    "resources": st.just({"fn": {"type": "function", "code": "handlers/first",
                                 "handler": "lambda_function.lambda_handler"}}),
    "state_machines": st.dictionaries(st.sampled_from(["m", "n"]), st.fixed_dictionaries(
        {"states": st.dictionaries(NAMES, STATE, min_size=1, max_size=5)},
        optional={"start_at": NAMES, "type": st.sampled_from(["standard", "express"])}), min_size=1, max_size=2),
})


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        path = Path(name)
        (path / "handlers").symlink_to(SEED.parent / "handlers", target_is_directory=True)
        yield path


def _validate(folder: Path, raw: bytes) -> None:
    spec = folder / "workflow.yaml"
    spec.write_bytes(raw)
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(["validate", "--format", "json", str(spec)])
    assert code in (0, 1)
    doc = json.loads(out.getvalue())
    if code == 1:
        assert doc["summary"]["errors"] >= 1
    else:
        assert doc["summary"]["errors"] == 0
    for item in doc["diagnostics"]:
        assert item["line"] >= 1 and item["column"] >= 1
        assert item["code"] != "I900", item["message"]  # a crashing check is a bug, even when contained


def _dump(tree: Any) -> bytes:
    stream = io.StringIO()
    YAML(typ="safe", pure=True).dump(tree, stream)
    return stream.getvalue().encode("utf-8")


@SETTINGS
@given(raw=st.binary(max_size=2000))
def test_arbitrary_bytes(folder: Path, raw: bytes) -> None:
    _validate(folder, raw)


@SETTINGS
@given(tree=st.one_of(TREES, SPEC_LIKE, WELL_TYPED))
def test_arbitrary_yaml_documents(folder: Path, tree: Any) -> None:
    _validate(folder, _dump(tree))


EDITS = st.lists(
    st.tuples(st.sampled_from(["delete", "duplicate", "char", "swap"]), st.integers(0, 10_000),
              st.integers(0, 200), st.characters(codec="utf-8")),
    min_size=1, max_size=4,
)


@SETTINGS
@given(edits=EDITS)
def test_mutated_seed(folder: Path, edits: list[tuple[str, int, int, str]]) -> None:
    lines = list(SEED_LINES)
    for kind, at, col, char in edits:
        i = at % len(lines)
        if kind == "delete" and len(lines) > 1:
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "swap":
            j = (i + 1) % len(lines)
            lines[i], lines[j] = lines[j], lines[i]
        else:
            line = lines[i]
            c = col % max(1, len(line))
            lines[i] = line[:c] + char + line[c + 1:]
    _validate(folder, "".join(lines).encode("utf-8", errors="surrogatepass"))
