"""Regenerate the golden files of tests/diff/cases: ``python -m tests.diff.regen [CASE ...]``.

Review the resulting diff of expected.md / expected.json before committing it.
"""

from __future__ import annotations

import sys

from tests.diff.golden import case_dirs, render_case


def main(argv: list[str]) -> int:
    cases = [c for c in case_dirs() if not argv or c.name in argv]
    unknown = set(argv) - {c.name for c in cases}
    if unknown:
        print(f"regen: no such case: {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    for case in cases:
        for name, text in render_case(case).items():
            path = case / name
            old = path.read_text(encoding="utf-8") if path.exists() else None
            if old != text:
                path.write_text(text, encoding="utf-8")
                print(f"regen: wrote {path.relative_to(case.parent.parent.parent.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
