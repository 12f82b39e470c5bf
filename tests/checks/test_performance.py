"""Validating a 1,000-state spec stays fast: the checks are linear and parse each path once."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from compiler.checks import CheckContext, asl_rules, graph, handlers, limits, paths, references
from compiler.loader import load_file
from compiler.model import build_spec
from compiler.pipeline import compile_spec

OURS = (references, graph, paths, asl_rules, limits, handlers)


def big_spec(n: int) -> str:
    """A machine of ``n`` states cycling through task (with retry/catch), choice, pass, wait and pass."""
    out = ["version: 1", "resources:", "  work:", "    type: function", "    code: handlers/work",
           "    handler: app.handler", "state_machines:", "  big:", "    states:"]
    for i in range(n - 1):
        following = f"Step {i + 1:04d}"
        out.append(f"      Step {i:04d}:")
        kind = i % 5
        if kind == 0:
            out += ["        type: task", "        invoke: work", "        input_path: $.data", "        payload:",
                    "          id.$: $.id", "          run.$: $$.Execution.Id",
                    "          msg.$: States.Format('step {}', $.id)", "        result_path: $.r",
                    "        retry: [{errors: [States.TaskFailed], max_attempts: 2}]",
                    "        catch: [{errors: [States.ALL], next: Failed}]"]
        elif kind == 1:
            out += ["        type: choice", "        choices:",
                    f"          - {{variable: $.r.ok, boolean_equals: true, next: {following}}}",
                    "          - and: [{variable: $.n, numeric_greater_than: 3}, {variable: $.s, string_equals: x}]",
                    f"            next: {following}", f"        default: {following}"]
        elif kind == 2:
            out += ["        type: pass", "        parameters: {a.$: $.a, b: literal}", "        result_path: $.p"]
        elif kind == 3:
            out += ["        type: wait", "        seconds: 1"]
        else:
            out += ["        type: pass", "        result: {x: 1}", "        result_path: $.x"]
    out += ["      Failed:", "        type: fail", "        error: Boom"]
    return "\n".join(out) + "\n"


def _best(run: Callable[[], object], times: int = 3) -> float:
    best = float("inf")
    for _ in range(times):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def _write(tmp_path: Path, n: int) -> Path:
    (tmp_path / "handlers" / "work").mkdir(parents=True, exist_ok=True)
    (tmp_path / "handlers" / "work" / "app.py").write_text("def handler(event, context):\n    return event\n")
    spec = tmp_path / "workflow.yaml"
    spec.write_text(big_spec(n), encoding="utf-8")
    return spec


def _checks_time(tmp_path: Path, n: int) -> float:
    spec = _write(tmp_path / str(n), n)
    loaded = load_file(spec)
    model, _ = build_spec(loaded.data)
    assert model is not None
    ctx = CheckContext(spec=model, data=loaded.data, root=spec.parent)
    return _best(lambda: [list(module.check(ctx)) for module in OURS])


def test_thousand_states_validate_quickly(tmp_path: Path) -> None:
    spec = _write(tmp_path / "total", 1000)
    assert compile_spec(spec).report.sorted() == []
    total = _best(lambda: compile_spec(spec))
    checks = _checks_time(tmp_path, 1000)
    # On an idle machine: ~40 ms for these checks and ~0.3 s for load + model + all checks + lowering.
    # The bounds leave room for a busy CI runner; the scaling test below is what catches a quadratic walk.
    assert checks < 1.0, f"checks took {checks:.3f} s"
    assert total < 3.0, f"validate took {total:.3f} s"


def test_checks_scale_linearly(tmp_path: Path) -> None:
    small = _checks_time(tmp_path, 250)
    large = _checks_time(tmp_path, 1000)
    # 4x the states: linear work takes ~4x as long, quadratic ~16x. Load affects both runs alike.
    assert large < 8 * small, f"250 states: {small:.3f} s, 1000 states: {large:.3f} s"
