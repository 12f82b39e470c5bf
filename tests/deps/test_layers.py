"""Layers and functions built from requirements: the seed's NumPy layer, the cache, the checks.

Builds use the project's wheelhouse (.cache/wheels, fetched by scripts/setup) offline
(PIP_NO_INDEX=1 where a test asks pip something), so these tests need no network.
"""

from __future__ import annotations

import hashlib
import textwrap
import zipfile
from pathlib import Path

import pytest

from compiler.deps import pip_build
from compiler.deps.local import version_notes
from compiler.deps.plan import plan
from compiler.deps.requirements import read
from compiler.deps.target import Target
from compiler.pipeline import compile_spec

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "workflow.yaml"
WHEELHOUSE = ROOT / ".cache" / "wheels"
HANDLER = "def lambda_handler(event, context):\n    return event\n"


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PIP_NO_INDEX", "1")
    monkeypatch.setenv("SFN_WHEELHOUSE", str(WHEELHOUSE))


def _seed_build() -> pip_build.Built:
    compiled = compile_spec(SEED)
    assert compiled.program is not None, compiled.report.diagnostics
    item = plan(compiled.program).item("numpy_layer")
    assert item is not None and item.target == Target("python3.12", "x86_64")
    return pip_build.build(read(item.requirements, ROOT), item.target, prefix=item.prefix, root=ROOT)


def test_the_seed_layer_holds_numpy_for_python312_x86_64(offline: None) -> None:
    built = _seed_build()
    names = zipfile.ZipFile(built.zip_path).namelist()
    assert built.distributions == {"numpy": "2.4.6"}
    modules = [n for n in names if n.startswith("python/numpy/") and ".cpython-" in n and n.endswith(".so")]
    assert modules and all(n.endswith(".cpython-312-x86_64-linux-gnu.so") for n in modules)
    assert "python/numpy/__init__.py" in names
    # Nothing that names this machine: no console scripts, no bytecode.
    assert not [n for n in names if n.startswith("python/bin/") or "__pycache__" in n or n.endswith(".pyc")]
    record = next(n for n in names if n.endswith(".dist-info/RECORD"))
    assert "../" not in zipfile.ZipFile(built.zip_path).read(record).decode()
    assert 30 * 2**20 < built.unzipped_size < 250 * 2**20


def test_a_build_in_another_cache_is_byte_identical(offline: None, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    first = _seed_build()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    second = _seed_build()  # built by the compile's check in the new cache
    assert second.zip_path.is_relative_to(tmp_path) and not first.zip_path.is_relative_to(tmp_path)
    assert hashlib.sha256(second.zip_path.read_bytes()).digest() == hashlib.sha256(first.zip_path.read_bytes()).digest()
    again = _seed_build()
    assert again.cached and again.zip_path == second.zip_path


def test_a_non_empty_arn_parameter_overrides_the_build() -> None:
    compiled = compile_spec(SEED, overrides={"numpy_layer_arn": "arn:aws:lambda:us-east-1:123456789012:layer:np:3"})
    assert compiled.program is not None
    assert plan(compiled.program).item("numpy_layer") is None


def test_requirements_files_keep_hashes_and_join_continuations(tmp_path: Path) -> None:
    (tmp_path / "req.txt").write_text(textwrap.dedent("""\
        # a comment
        numpy==2.4.6 \\
            --hash=sha256:aa \\
            --hash=sha256:bb
        requests>=2  # trailing comment
        """), encoding="utf-8")
    reqs = read("req.txt", tmp_path)
    assert [line.number for line in reqs.lines] == [2, 5]
    assert reqs.lines[0].text == "numpy==2.4.6 --hash=sha256:aa --hash=sha256:bb"
    assert reqs.pins == {"numpy": "2.4.6"}
    assert reqs.index_of("NumPy") == 0
    assert [line.problem is not None for line in read(["numpy=2", "-r other.txt", "x==1"], tmp_path).lines] == [
        True, True, False]


def _project(tmp_path: Path, *parts: str, machine: str = "Work: {type: task, invoke: work}") -> Path:
    resources = "".join(textwrap.dedent(part) for part in parts)
    for name in ("work", "other"):
        (tmp_path / "handlers" / name).mkdir(parents=True, exist_ok=True)
        (tmp_path / "handlers" / name / "lambda_function.py").write_text(HANDLER, encoding="utf-8")
    spec = tmp_path / "workflow.yaml"
    spec.write_text("version: 1\nresources:\n" + textwrap.indent(resources, "  ")
                    + f"state_machines:\n  main:\n    states:\n      {machine}\n", encoding="utf-8")
    return spec


def _codes(spec: Path) -> list[tuple[str, int]]:
    return [(d.code, d.span.line) for d in compile_spec(spec).report.sorted()]


FUNCTION = """\
work:
  type: function
  code: handlers/work
  handler: lambda_function.lambda_handler
  layers: [numpy_layer]
"""


def test_e440_users_on_two_architectures(tmp_path: Path, offline: None) -> None:
    spec = _project(tmp_path, """\
        numpy_layer:
          type: layer
          requirements: [numpy==2.4.6]
        """, FUNCTION, """\
        other:
          type: function
          code: handlers/other
          handler: lambda_function.lambda_handler
          architecture: arm64
          layers: [numpy_layer]
        """, machine="Work: {type: task, invoke: work, next: Other}\n      Other: {type: task, invoke: other}")
    assert _codes(spec) == [("E440", 16)]


def test_e440_an_architecture_the_layer_does_not_list(tmp_path: Path) -> None:
    spec = _project(tmp_path, """\
        numpy_layer:
          type: layer
          requirements: [numpy==2.4.6]
          compatible_architectures: [arm64]
        """, FUNCTION)
    assert _codes(spec) == [("E440", 11)]


def test_e440_a_node_function(tmp_path: Path) -> None:
    (tmp_path / "handlers" / "node").mkdir(parents=True)
    (tmp_path / "handlers" / "node" / "index.js").write_text("exports.handler = async (e) => e;\n", encoding="utf-8")
    spec = _project(tmp_path, """\
        numpy_layer:
          type: layer
          requirements: [numpy==2.4.6]
        work:
          type: function
          code: handlers/node
          handler: index.handler
          runtime: nodejs24.x
          layers: [numpy_layer]
        """)
    assert _codes(spec) == [("E440", 11)]


def test_e441_a_missing_requirements_file(tmp_path: Path) -> None:
    spec = _project(tmp_path, """\
        numpy_layer:
          type: layer
          requirements: layers/missing.txt
        """, FUNCTION)
    assert _codes(spec) == [("E441", 5)]


def test_e442_no_wheel_for_the_target_is_reported_at_its_line(tmp_path: Path, offline: None) -> None:
    spec = _project(tmp_path, """\
        numpy_layer:
          type: layer
          requirements:
            - numpy==2.4.6
            - numpy-financial==0.0.0
        """, FUNCTION)
    report = compile_spec(spec).report
    assert [(d.code, d.span.line) for d in report.sorted()] == [("E442", 7)]
    assert "numpy-financial==0.0.0" in report.sorted()[0].message


def test_e443_over_250_mb_unzipped(tmp_path: Path, offline: None) -> None:
    spec = _project(tmp_path, """\
        numpy_layer:
          type: layer
          requirements: [numpy==2.4.6]
        """, FUNCTION)
    with (tmp_path / "handlers" / "work" / "model.bin").open("wb") as sparse:
        sparse.truncate(220 * 2**20)  # with the layer's ~60 MB: over the limit
    report = compile_spec(spec).report
    assert [(d.code, d.span.line) for d in report.sorted()] == [("E443", 10)]
    assert "layer 'numpy_layer'" in report.sorted()[0].message


def test_a_function_bundles_its_requirements_with_its_code(tmp_path: Path, offline: None) -> None:
    spec = _project(tmp_path, """\
        work:
          type: function
          code: handlers/work
          handler: lambda_function.lambda_handler
          requirements: [numpy==2.4.6]
        """)
    compiled = compile_spec(spec)
    assert compiled.program is not None, compiled.report.diagnostics
    item = plan(compiled.program).item("work")
    assert item is not None and item.prefix == ""
    deps = pip_build.build(read(item.requirements, tmp_path), item.target, prefix="", root=tmp_path)
    bundled = pip_build.bundle(deps, tmp_path / "handlers" / "work")
    names = zipfile.ZipFile(bundled.zip_path).namelist()
    assert "lambda_function.py" in names and "numpy/__init__.py" in names
    assert bundled.zip_path == pip_build.bundle(deps, tmp_path / "handlers" / "work").zip_path


def test_run_notes_a_local_version_other_than_the_pin(tmp_path: Path) -> None:
    spec = _project(tmp_path, """\
        numpy_layer:
          type: layer
          layer_version_arn: arn:aws:lambda:us-east-1:123456789012:layer:np:1
          requirements: [numpy==1.26.4, not-installed-anywhere==1.0]
        """, FUNCTION)
    compiled = compile_spec(spec)
    assert compiled.program is not None, compiled.report.diagnostics
    import numpy

    notes = sorted(version_notes(compiled.program, tmp_path), reverse=True)
    assert notes[0] == f"layer 'numpy_layer' pins numpy==1.26.4; this run uses the numpy {numpy.__version__} installed here"
    assert "not-installed-anywhere==1.0, which is not installed here" in notes[1]
    assert version_notes(compile_spec(SEED).program, ROOT) == []  # type: ignore[arg-type]
