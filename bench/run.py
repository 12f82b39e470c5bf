"""Run the benchmarks: each measures ours and a baseline in the same run and prints a ratio.

    bash scripts/bench                         # all benchmarks
    bash scripts/bench validate                # those whose module name contains "validate"
    bash scripts/bench --repeat 1              # quick: one measured run each (after a warm-up)
    bash scripts/bench --list

Ratio = baseline time / our time (higher is better); the goal is a minimum ratio.
A benchmark whose compiler command is not written yet prints "skipped: <reason>" (its baseline
is still measured). Exit status: 1 if a measured command failed (or, with --strict, a goal was
not met), else 0.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth_scale
import synth_seed
import validate_scale
import validate_seed
from common import Context, Result

# The registry: module name -> benchmark function, in the order they run.
BENCHMARKS: list[tuple[str, Callable[[Context], list[Result]]]] = [
    ("validate_seed", validate_seed.run),
    ("validate_scale", validate_scale.run),
    ("synth_seed", synth_seed.run),
    ("synth_scale", synth_scale.run),
    ("bench_diff", __import__("bench_diff").run),  # issue 5: diff of two 1,000-state specs
    ("bench_deploy", __import__("bench_deploy").run),  # issue 6: seed deploy round trip, in-process and CDK CLI
    ("bench_synth", __import__("bench_synth").run),  # issue 3: synth goals, nag off (seed <= 1.05x, 1,000 states <= 0.75x)
    ("bench_run", __import__("bench_run").run),  # issue 4: compiler run (>= 20x moto, seed <= 50 ms, Map 10,000 <= 2 s)
    ("bench_lsp", __import__("bench_lsp").run),  # issue 15: compiler lsp (diagnostics seed <= 30 ms, 1,000 states <= 300 ms, completion <= 20 ms)
    ("bench_test", __import__("bench_test").run),  # issue 14: compiler test, 1,000 seed cases <= 5 s, next to a cold run
    ("bench_report", __import__("bench_report").run),
    ("bench_layer", __import__("bench_layer").run),  # issue 17: second synth reuses the built NumPy layer  # issue 16: the run report opens in chromium (1,000 states <= 2 s)
]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("names", nargs="*", help="run only benchmarks whose name contains one of these")
    ap.add_argument("--repeat", type=int, help="measured runs per command (default: each benchmark's own)")
    ap.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    ap.add_argument("--strict", action="store_true", help="exit 1 when a goal is not met")
    args = ap.parse_args(argv)

    selected = [(n, f) for n, f in BENCHMARKS if not args.names or any(s in n for s in args.names)]
    if args.list:
        for name, fn in BENCHMARKS:
            print(f"{name}: {(sys.modules[fn.__module__].__doc__ or '').strip().splitlines()[0]}")
        return 0
    if not selected:
        print(f"bench: no benchmark matches {args.names}", file=sys.stderr)
        return 2

    _compile_bytecode()
    workdir = Path(tempfile.mkdtemp(prefix="sfn-bench-"))
    ctx = Context(repeat=args.repeat, workdir=workdir)
    results: list[Result] = []
    try:
        for name, fn in selected:
            start = time.perf_counter()
            print(f"bench: == {name}", flush=True)
            for result in fn(ctx):
                results.append(result)
                print(result.line(), flush=True)
            print(f"bench: == {name} took {time.perf_counter() - start:.1f} s", flush=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    print("\nsummary:")
    width = max(len(r.name) for r in results)
    for r in results:
        ratio = f"{r.ratio:.2f}x" if r.ratio is not None else "-"
        print(f"  {r.name:<{width}}  {r.status:<8}  ratio {ratio:<8}  goal {r.goal_text or '-'}")
    counts = {s: sum(r.status == s for r in results) for s in ("met", "NOT MET", "skipped", "FAILED")}
    print("  " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    if counts["FAILED"] or (args.strict and counts["NOT MET"]):
        return 1
    return 0


def _compile_bytecode() -> None:
    """Compile the package's modules to bytecode first, as installing the wheel does (pip compiles
    at install time, and the baselines' packages in the venv were compiled so). Without it, an
    environment with PYTHONDONTWRITEBYTECODE set (this one's is) makes every cold start of an
    editable checkout compile ~100 modules from source, a cost no installed user pays."""
    root = Path(__file__).resolve().parent.parent / "compiler"
    compileall.compile_dir(root, quiet=1, workers=0)
    note = " (PYTHONDONTWRITEBYTECODE is set: without this step they would be compiled in every run)"
    print(f"bench: compiled {root.name}/ to bytecode{note if os.environ.get('PYTHONDONTWRITEBYTECODE') else ''}",
          flush=True)


if __name__ == "__main__":
    sys.exit(main())
