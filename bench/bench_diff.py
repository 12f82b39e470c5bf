"""Issue 5: `compiler diff` of two 1,000-state specs, head = base with ~5% of states changed or
renamed (goal <= 1 s). Reports the in-process diff of the two compiled programs and, for the
whole command, a cold `compiler diff base.yaml head.yaml --format json` (two compiles included).

    python bench/bench_diff.py            # standalone
    bash scripts/bench diff               # through the harness
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    ROOT,
    AbsoluteResult,
    BenchError,
    Context,
    Result,
    compiler_has,
    min_call,
    min_wall,
    scratch,
)
from gen_spec import spec_text, state_names

N = 1000
GOAL_SECONDS = 1.0
RUNS = 5
EVERY = 40  # one rename and one change per 40 states: 5% of the states


def head_text(n: int) -> str:
    """The base spec with every 40th state renamed (references follow) and, 20 states later,
    a result path changed: 2.5% renames + 2.5% edits."""
    text = spec_text(n)
    names = state_names(n)
    for i in range(EVERY, n - 1, EVERY):
        text = re.sub(rf"\b{names[i]}\b", f"{names[i]} renamed", text)
    for i in range(EVERY // 2, n - 1, EVERY):
        text = text.replace(f"result_path: $.r{i}\n", f"result_path: $.changed{i}\n")
    return text


def run(ctx: Context) -> list[Result]:
    sys.path.insert(0, str(ROOT))
    from compiler.diff import diff_programs
    from compiler.pipeline import compile_spec

    work = scratch(ctx, "diff")
    base_path, head_path = work / "base.yaml", work / "head.yaml"
    base_path.write_text(spec_text(N))
    head_path.write_text(head_text(N))
    core = AbsoluteResult(f"diff {N} states (in process)", max_seconds=GOAL_SECONDS)
    cold = AbsoluteResult(f"compiler diff {N} states (cold command, 2 compiles)", max_seconds=None)
    base, head = compile_spec(base_path).program, compile_spec(head_path).program
    if base is None or head is None:
        core.failed = cold.failed = "the generated specs do not compile"
        return [core, cold]
    diff = diff_programs(base, head)
    renamed = sum(s.kind == "renamed" for m in diff.machines for s in m.states)
    core.ours = min_call(lambda: diff_programs(base, head), ctx.runs(RUNS))
    core.notes.append(f"{renamed} renames detected")
    core.goal_text = f"≤ {GOAL_SECONDS:g} s"
    reason = compiler_has("diff")
    if reason:
        cold.skipped = reason
    else:
        try:
            cold.ours = min_wall(["compiler", "diff", str(base_path), str(head_path), "--format", "json"],
                                 ctx.runs(RUNS))
        except BenchError as exc:
            cold.failed = str(exc)
    return [core, cold]


if __name__ == "__main__":
    import tempfile

    for result in run(Context(repeat=None, workdir=Path(tempfile.mkdtemp(prefix="bench-diff-")))):
        print(result.line(), *result.notes)
