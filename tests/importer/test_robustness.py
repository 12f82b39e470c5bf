"""Any input gives diagnostics, never a traceback: mutated corpus definitions and random bytes."""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path
from typing import Any

from compiler.importer.session import import_file
from tests import shared
from tests.importer.conftest import load_corpus

JUNK: list[Any] = [
    None, True, 0, -1, 1.5, "", "$", "${A}", "${a.b}", [], {}, [1], {"a": 1},
    "arn:aws:lambda:us-east-1:123456789012:function:f", "arn:aws:states:::lambda:invoke",
    "arn:aws:states:::states:startExecution.sync", 10**30, "{% x %}",
]
KEYS = ["Next", "End", "Type", "Resource", "Parameters", "Retry", "Catch", "Bogus", "Input", "Payload.$",
        "FunctionName", "States", "StartAt", "Branches", "ItemProcessor"]


def _mutate(rng: random.Random, value: Any) -> None:
    if isinstance(value, dict) and value:
        key = rng.choice(list(value))
        roll = rng.random()
        if roll < 0.3:
            value[key] = copy.deepcopy(rng.choice(JUNK))
        elif roll < 0.4:
            del value[key]
        elif roll < 0.5:
            value[rng.choice(KEYS)] = copy.deepcopy(rng.choice(JUNK))
        else:
            _mutate(rng, value[key])
    elif isinstance(value, list) and value:
        index = rng.randrange(len(value))
        if rng.random() < 0.3:
            value[index] = copy.deepcopy(rng.choice(JUNK))
        else:
            _mutate(rng, value[index])


@shared.conformance
def test_mutated_definitions_never_crash(corpus: list[Path], tmp_path: Path) -> None:
    rng = random.Random(8)
    path = tmp_path / "in.asl.json"
    for _ in range(300):
        definition = load_corpus(rng.choice(corpus))["substituted"]
        for _ in range(rng.randint(1, 4)):
            _mutate(rng, definition)
        path.write_text(json.dumps(definition), encoding="utf-8")
        outcome = import_file(path)
        codes = [d.code for r in outcome.reports.values() for d in r.diagnostics]
        assert "I900" not in codes, [d.message for r in outcome.reports.values() for d in r.diagnostics]
        assert outcome.ok == (outcome.text is not None)


def test_random_bytes_never_crash(tmp_path: Path) -> None:
    rng = random.Random(9)
    for suffix in (".json", ".yaml"):
        path = tmp_path / f"in{suffix}"
        for _ in range(200):
            path.write_bytes(bytes(rng.randrange(256) for _ in range(rng.randint(0, 80))))
            outcome = import_file(path)
            assert not outcome.ok
            assert "I900" not in [d.code for r in outcome.reports.values() for d in r.diagnostics]
