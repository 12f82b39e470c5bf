"""The seed's template against tests/golden/templates/workflow.template.json (byte for byte)."""

from __future__ import annotations

from tests.emit.conftest import Synth
from tests.golden.regen import TEMPLATE


def test_seed_template_golden(seed: Synth) -> None:
    assert TEMPLATE.read_text(encoding="utf-8") == seed.text, (
        f"{TEMPLATE} is stale; regenerate with `python -m tests.golden.regen` and review the diff"
    )
