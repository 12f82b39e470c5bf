"""Rewrite tests/cases/invalid/*.expected from what the compiler reports now.

    .venv/bin/python -m tests.checks.regenerate_cases

Review the diff before committing: an .expected file is the statement of what a case must report.
"""

from __future__ import annotations

from pathlib import Path

from compiler.pipeline import compile_spec

CASES = Path(__file__).resolve().parent.parent / "cases"


def expected_lines(spec: Path) -> list[str]:
    report = compile_spec(spec, nag=spec.name.startswith("w411")).report
    return [f"{d.code} {d.span.line}" for d in report.sorted()]


def main() -> None:
    for spec in sorted((CASES / "invalid").glob("*.yaml")):
        spec.with_suffix(".expected").write_text("\n".join(expected_lines(spec)) + "\n", encoding="utf-8")
        print(spec.name)


if __name__ == "__main__":
    main()
