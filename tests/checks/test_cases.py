"""Golden cases: each invalid spec reports exactly its expected codes and lines; valid specs report nothing.

Regenerate the .expected files with ``.venv/bin/python -m tests.checks.regenerate_cases`` and review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler import diagnostics as codes
from compiler.checks import CheckContext, run_checks
from compiler.loader import MAX_BYTES
from compiler.model import build_spec
from compiler.pipeline import compile_spec
from tests.checks.conftest import CASES, SEED, codes_and_lines

INVALID = sorted((CASES / "invalid").glob("*.yaml"))
VALID = sorted((CASES / "valid").glob("*.yaml"))


def _expected(spec: Path) -> list[tuple[str, int]]:
    lines = spec.with_suffix(".expected").read_text(encoding="utf-8").split()
    return [(code, int(line)) for code, line in zip(lines[::2], lines[1::2], strict=True)]


@pytest.mark.parametrize("spec", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_case(spec: Path) -> None:
    assert codes_and_lines(spec, nag=spec.name.startswith("w411")) == _expected(spec)


@pytest.mark.parametrize("spec", VALID, ids=[p.stem for p in VALID])
def test_valid_case_has_no_diagnostics(spec: Path) -> None:
    report = compile_spec(spec).report
    assert report.sorted() == []


def test_seed_is_clean() -> None:
    compiled = compile_spec(SEED)
    assert compiled.report.sorted() == []
    assert compiled.program is not None


def test_every_code_has_a_case() -> None:
    """Each registered code is exercised by a stored case or by one of the generated cases below."""
    generated = {codes.Y_ENCODING, codes.Y_TOO_LARGE, codes.Y_IO, codes.E_DEFINITION_SIZE, codes.I_INTERNAL}
    generated.add(codes.E_UNZIPPED_SIZE)  # a 250 MB folder: tests/deps/test_layers.py::test_e443_over_250_mb_unzipped
    stored = {code for spec in INVALID for code, _ in _expected(spec)}
    ours = {c for c in codes.CODES if c[0] in "YSEWI"}
    assert ours - stored - generated == set()


def test_bad_utf8(write_spec) -> None:  # type: ignore[no-untyped-def]
    path = write_spec(b"version: 1\ndescription: caf\xe9\n")
    assert codes_and_lines(path) == [(codes.Y_ENCODING, 2)]


def test_too_large(write_spec) -> None:  # type: ignore[no-untyped-def]
    path = write_spec(b"version: 1\n" + b"# padding\n" * (MAX_BYTES // 10 + 1))
    assert [c for c, _ in codes_and_lines(path)] == [codes.Y_TOO_LARGE]


def test_missing_file(tmp_path: Path) -> None:
    assert [c for c, _ in codes_and_lines(tmp_path / "nowhere.yaml")] == [codes.Y_IO]


def test_definition_too_large(write_spec) -> None:  # type: ignore[no-untyped-def]
    # One 100 kB string, repeated through an alias: a small file whose ASL exceeds 1 MiB.
    blob = "x" * 100_000
    text = (
        "version: 1\nstate_machines:\n  big:\n    states:\n      Load:\n        type: pass\n"
        f"        result:\n          chunk: &chunk {blob}\n          copies: [{', '.join(['*chunk'] * 11)}]\n"
    )
    path = write_spec(text)
    assert codes_and_lines(path) == [(codes.E_DEFINITION_SIZE, 3)]


def test_crashing_check_becomes_i900(monkeypatch: pytest.MonkeyPatch) -> None:
    import compiler.checks.graph as graph

    def boom(ctx: CheckContext) -> list[codes.Finding]:
        raise RuntimeError("boom")

    monkeypatch.setattr(graph, "check", boom)
    spec, _ = build_spec({"version": 1, "state_machines": {"m": {"states": {"A": {"type": "succeed"}}}}})
    assert spec is not None
    ctx = CheckContext(spec=spec, data={}, root=CASES)
    findings = list(run_checks(ctx, lambda name: name != "nag"))
    assert [f.code for f in findings] == [codes.I_INTERNAL]
    assert "RuntimeError: boom" in findings[0].message


def test_handler_with_syntax_error_is_reported_not_imported(write_spec, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "handlers" / "broken"
    folder.mkdir(parents=True)
    # Importing this file would raise; the check must only parse it.
    (folder / "lambda_function.py").write_text("raise SystemExit('imported!')\ndef lambda_handler(event, context)\n")
    path = write_spec(
        "version: 1\nresources:\n  broken:\n    type: function\n    code: handlers/broken\n"
        "    handler: lambda_function.lambda_handler\nstate_machines:\n  main:\n    states:\n"
        "      Run:\n        type: task\n        invoke: broken\n"
    )
    report = compile_spec(path).report
    assert [(d.code, d.span.line) for d in report.sorted()] == [(codes.E_HANDLER_FUNCTION, 6)]
    assert "SyntaxError" in report.sorted()[0].message
