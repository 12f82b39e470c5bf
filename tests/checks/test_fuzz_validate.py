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

# The jsonata package raises the recursion limit when first imported; hypothesis warns, harmlessly.
pytestmark = pytest.mark.filterwarnings("ignore:The recursion limit will not be reset")

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
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


def _dump(tree: Any) -> bytes:
    stream = io.StringIO()
    YAML(typ="safe", pure=True).dump(tree, stream)
    return stream.getvalue().encode("utf-8")


@SETTINGS
@given(raw=st.binary(max_size=2000))
def test_arbitrary_bytes(folder: Path, raw: bytes) -> None:
    _validate(folder, raw)


@SETTINGS
@given(tree=st.one_of(TREES, SPEC_LIKE))
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
