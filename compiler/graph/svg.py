"""SVG through Graphviz's ``dot -Tsvg`` (installed by scripts/setup); no Python layout engine."""

from __future__ import annotations

import shutil
import subprocess

TIMEOUT = 120


class GraphvizMissing(RuntimeError):
    """``dot`` is not on PATH."""


class GraphvizFailed(RuntimeError):
    """``dot`` ran and failed."""


def render(dot_text: str) -> str:
    exe = shutil.which("dot")
    if exe is None:
        raise GraphvizMissing(
            "SVG needs Graphviz's `dot` program, which is not installed; install graphviz "
            "(bash scripts/setup does, or apt-get install graphviz), or use --format mermaid|dot"
        )
    try:
        proc = subprocess.run([exe, "-Tsvg"], input=dot_text.encode("utf-8"), capture_output=True,
                              timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired as exc:
        raise GraphvizFailed(f"dot did not finish within {TIMEOUT} s") from exc
    if proc.returncode != 0:
        raise GraphvizFailed(f"dot failed: {proc.stderr.decode(errors='replace').strip()}")
    return proc.stdout.decode("utf-8")
