"""Hypothesis profiles: how many examples a property tries, and where found failures are kept.

Select one with ``pytest --hypothesis-profile=NAME`` (tests/conftest.py registers them):

- ``dev`` (the default): random examples, ``BASE`` per property. A failure is saved in the seed
  database ``tests/hypothesis-db/`` and replayed first by every later run; commit it with the fix,
  so everyone's runs replay it too.
- ``ci`` (chosen when ``CI=true``): ``CI_FACTOR`` times as many, derandomized: the same examples on
  every run, so a red CI is a change in the code, never a roll of the dice, and
  ``pytest --hypothesis-profile=ci`` shows the same failure locally.
- ``thorough``: ``THOROUGH_FACTOR`` times as many, random; run it before a release or after changing
  a parser (``bash scripts/test --hypothesis-profile=thorough``). Failures go to the seed database.

``FUZZ_EXAMPLES=N`` sets the base count. A property declares its weight (``examples(2)``: twice
the profile's count), never an absolute number, so the profile scales every property.
"""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import settings
from hypothesis.database import DirectoryBasedExampleDatabase

SEEDS = Path(__file__).resolve().parent / "hypothesis-db"
BASE = int(os.environ.get("FUZZ_EXAMPLES") or 100)
CI_FACTOR = 4
THOROUGH_FACTOR = 40


def register() -> None:
    seeds = DirectoryBasedExampleDatabase(SEEDS)
    # No per-example deadline: it is a timer, and on a loaded machine it failed a correct property
    # (the jsonpath-ng oracle). Speed is measured in bench/, not asserted by tests.
    settings.register_profile("dev", max_examples=BASE, database=seeds, deadline=None)
    settings.register_profile("ci", max_examples=BASE * CI_FACTOR, derandomize=True, print_blob=True, deadline=None)
    settings.register_profile("thorough", max_examples=BASE * THOROUGH_FACTOR, database=seeds, print_blob=True,
                              deadline=None)
    ci = os.environ.get("CI", "").lower() in ("true", "1", "yes")
    settings.load_profile("ci" if ci else "dev")


def examples(weight: float = 1.0) -> int:
    """``weight`` times the active profile's count (the profile is loaded before tests are collected)."""
    return max(1, round(settings.default.max_examples * weight))
