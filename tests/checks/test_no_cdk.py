"""``compiler validate`` must not import aws_cdk: it costs seconds, and validate is the inner loop."""

from __future__ import annotations

import subprocess
import sys

from tests.checks.conftest import ROOT

SCRIPT = (
    "import sys; from compiler.cli import main; "
    "code = main(['validate', 'workflow.yaml']); "
    "assert code == 0, code; "
    "assert not any(m.startswith('aws_cdk') for m in sys.modules), 'aws_cdk was imported'"
)


def test_validate_does_not_import_aws_cdk() -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
