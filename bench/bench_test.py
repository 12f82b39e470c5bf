"""Issue 14: `compiler test` — 1,000 test cases of the seed in one process (goal ≤ 5 s), next to one cold `compiler run`.

The cases are the seed's own (tests/workflow/seed.yaml: the sub machine's three branches with the
real handlers, the main machine failing on a mocked first task, and the whole main machine with its
three nested executions), repeated to 1,000 in a temporary test file; the whole `compiler test`
process is timed (imports, spec compile, embedded moto, every case), as a user runs it.

    python bench/bench_test.py           # standalone
    bash scripts/bench test              # through the harness
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, AbsoluteResult, Cmd, Context, Result, min_wall, tool

CASES = 1_000


def write_cases(folder: Path) -> Path:
    from compiler.loader import load_file

    data = load_file(ROOT / "tests" / "workflow" / "seed.yaml").data
    seed_cases = data["cases"]
    cases = []
    for i in range(CASES):
        case = dict(seed_cases[i % len(seed_cases)])
        case["name"] = f"{i:04d} {case['name']}"
        cases.append(case)
    data["cases"] = cases
    data["spec"] = str(ROOT / "workflow.yaml")
    path = folder / "seed-1000.test.yaml"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return path


def run(ctx: Context) -> list[Result]:
    many = AbsoluteResult(f"compiler test: {CASES:,} seed cases in one process", max_seconds=5.0)
    cold = AbsoluteResult("compiler run workflow.yaml --format json (one cold process, for scale)")
    exe = tool("compiler")
    if exe is None:
        many.skipped = cold.skipped = "`compiler` is not on PATH (run scripts/setup)"
        return [many, cold]
    tests = write_cases(ctx.workdir)
    many.ours = min_wall(Cmd([exe, "test", str(tests), "--format", "json", "-o", str(ctx.workdir / "out.json")]),
                         ctx.runs(3))
    report = json.loads((ctx.workdir / "out.json").read_text("utf-8"))
    if report["passed"] != CASES:
        many.failed = f"{report['failed']} of {CASES} cases failed"
    else:
        per_case = many.ours / CASES * 1000
        many.notes.append(f"{per_case:.2f} ms per case including start-up; in-run case time "
                          f"{report['seconds']:.2f} s")
    cold.ours = min_wall(Cmd([exe, "run", "workflow.yaml", "--format", "json"], cwd=ROOT), ctx.runs(3))
    if many.ours is not None and cold.ours:
        many.notes.append(f"= {many.ours / cold.ours:.1f} cold `compiler run` processes")
    return [many, cold]


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        for result in run(Context(repeat=None, workdir=Path(tmp))):
            print(result.line())
