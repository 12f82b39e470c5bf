"""Shared helpers of the benchmarks: timing, tool detection, results."""

from __future__ import annotations

import functools
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "bench" / "fixtures"


class BenchError(Exception):
    """A measured command failed: the benchmark reports it instead of a time."""


@dataclass
class Result:
    name: str
    ours: float | None = None
    baseline: float | None = None
    goal: float | None = None  # minimum speed-up baseline/ours; None: reported only
    goal_text: str = ""
    skipped: str | None = None
    failed: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def ratio(self) -> float | None:
        if self.ours is None or self.baseline is None or self.ours <= 0:
            return None
        return self.baseline / self.ours

    @property
    def status(self) -> str:
        if self.skipped:
            return "skipped"
        if self.failed:
            return "FAILED"
        return self.verdict()

    def verdict(self) -> str:
        """Measured: met, NOT MET, or reported (no goal)."""
        if self.goal is None or self.ratio is None:
            return "reported"
        return "met" if self.ratio >= self.goal else "NOT MET"

    def line(self) -> str:
        if self.skipped:
            return f"{self.name}: skipped: {self.skipped}"
        if self.failed:
            base = f" (baseline {self.baseline:.3f} s)" if self.baseline is not None else ""
            return f"{self.name}: FAILED: {self.failed}{base}"
        ratio = self.ratio
        ratio_text = f"{ratio:.2f}x" if ratio is not None else "n/a"
        return (
            f"{self.name}: ours {fmt(self.ours)} s, baseline {fmt(self.baseline)} s, "
            f"ratio {ratio_text} (goal {self.goal_text or 'none'}) [{self.status}]"
        )


def fmt(seconds: float | None) -> str:
    return "n/a" if seconds is None else f"{seconds:.3f}"


@dataclass
class Context:
    repeat: int | None  # overrides each benchmark's own run count when set
    workdir: Path
    verbose: bool = False

    def runs(self, default: int) -> int:
        return self.repeat if self.repeat is not None else default


@dataclass
class Cmd:
    """A command to time as a fresh process. `prepare` runs before each run, untimed."""

    argv: Sequence[str]
    ok_codes: Sequence[int] = (0,)
    prepare: Callable[[], None] | None = None
    cwd: Path | None = None


def time_once(cmd: Cmd) -> float:
    """Wall time in seconds of one fresh process; BenchError when its exit code is not ok."""
    if cmd.prepare is not None:
        cmd.prepare()
    start = time.perf_counter()
    proc = subprocess.run(
        list(cmd.argv),
        cwd=cmd.cwd or ROOT,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if proc.returncode not in cmd.ok_codes:
        tail = (proc.stderr or proc.stdout).decode(errors="replace").strip().splitlines()[-5:]
        raise BenchError(f"`{' '.join(cmd.argv)}` exited {proc.returncode}: " + " | ".join(tail))
    return elapsed


def min_wall(
    cmd: Cmd | Sequence[str],
    runs: int,
    *,
    warmup: bool = True,
    ok_codes: Sequence[int] = (0,),
    prepare: Callable[[], None] | None = None,
    cwd: Path | None = None,
) -> float:
    """Min wall time of `runs` fresh processes of `cmd` (after one unmeasured warm-up).

    `cmd` is a Cmd, or an argv list with `ok_codes`/`prepare`/`cwd` given here."""
    if not isinstance(cmd, Cmd):
        cmd = Cmd(list(cmd), ok_codes=ok_codes, prepare=prepare, cwd=cwd)
    if warmup:
        time_once(cmd)
    return min(time_once(cmd) for _ in range(runs))


def measure(result: Result, baseline: Cmd, ours: Cmd | None, runs: int, *, skip_reason: str | None) -> None:
    """Fill `result` with min-of-`runs` times of both commands, run alternately so that a change in
    the machine's load hits both alike. `ours` None (with `skip_reason`): only the baseline is
    measured and the result is marked skipped. A failing command marks the result failed."""
    try:
        time_once(baseline)  # warm-up
    except BenchError as exc:
        result.failed = f"baseline: {exc}"
        return
    if ours is not None:
        try:
            time_once(ours)  # warm-up; also tells whether ours works at all
        except BenchError as exc:
            result.failed = str(exc)
            ours = None
    base_times: list[float] = []
    our_times: list[float] = []
    try:
        for i in range(runs):
            if ours is not None and i % 2 == 1:
                our_times.append(time_once(ours))
                base_times.append(time_once(baseline))
            else:
                base_times.append(time_once(baseline))
                if ours is not None:
                    our_times.append(time_once(ours))
    except BenchError as exc:
        result.failed = str(exc)
        return
    result.baseline = min(base_times)
    if our_times:
        result.ours = min(our_times)
    elif not result.failed:
        result.skipped = f"{skip_reason}; baseline {result.baseline:.3f} s"


def min_call(fn: Callable[[], object], runs: int, *, warmup: bool = True) -> float:
    """Min wall time in seconds of `runs` in-process calls of `fn`."""
    if warmup:
        fn()
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def tool(name: str) -> str | None:
    """Path of an executable on PATH (scripts/env.sh puts .venv/bin and node_modules/.bin first)."""
    return shutil.which(name)


@functools.cache
def compiler_has(subcommand: str) -> str | None:
    """None when `compiler SUBCOMMAND --help` works, else the reason it is not available yet."""
    exe = tool("compiler")
    if exe is None:
        return "`compiler` is not on PATH (run scripts/setup)"
    proc = subprocess.run(
        [exe, subcommand, "--help"],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        check=False,
        timeout=120,
    )
    if proc.returncode != 0:
        last = (proc.stderr or proc.stdout).decode(errors="replace").strip().splitlines()[-1:] or [""]
        return f"`compiler {subcommand}` is not available yet ({last[0][:120]})"
    return None


def scratch(ctx: Context, name: str) -> Path:
    path = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=ctx.workdir))
    return path


@dataclass
class AbsoluteResult(Result):
    """Judged by its own time (no baseline): met when ours <= ``max_seconds``; None reports only."""

    max_seconds: float | None = None

    def __post_init__(self) -> None:
        if self.max_seconds is not None and not self.goal_text:
            self.goal_text = f"≤ {self.max_seconds:g} s"

    def verdict(self) -> str:
        if self.max_seconds is None:
            return "reported"
        return "met" if self.ours is not None and self.ours <= self.max_seconds else "NOT MET"

    def line(self) -> str:
        if self.skipped or self.failed:
            return super().line()
        goal = "none" if self.max_seconds is None else f"<= {self.max_seconds:g} s"
        notes = f" ({'; '.join(self.notes)})" if self.notes else ""
        return f"{self.name}: ours {fmt(self.ours)} s (goal {goal}) [{self.status}]{notes}"
