"""``compiler validate`` pays nothing for the language server."""

from __future__ import annotations

import subprocess
import sys

from tests.lsp.conftest import ROOT


def test_validate_never_imports_pygls() -> None:
    """The language server's libraries stay out of ``compiler validate``'s cold start."""
    probe = ("import sys; from compiler.cli import main; main(['validate', 'workflow.yaml']); "
             "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pygls', 'lsprotocol', 'compiler')"
             " and (m.startswith(('pygls', 'lsprotocol')) or m.startswith('compiler.lsp'))))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"
