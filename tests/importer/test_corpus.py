"""Every real-world definition in shared/corpus/asl-real either round-trips exactly (ASL -> spec ->
YAML -> spec -> ASL) or is refused with a diagnostic that names the construct; refusals stay < 5 %."""

from __future__ import annotations

import collections
from pathlib import Path

from compiler.importer.errors import Refusal
from tests import shared
from tests.importer.conftest import import_definition, load_corpus

pytestmark = shared.conformance

MAX_REFUSALS = 11  # < 5 % of 226

# Definitions the importer refuses on purpose, with the reason (the code must match).
EXPECTED_REFUSALS: dict[str, str] = {
    # "QueryLanguage": "JSONata" written inside States: a state named QueryLanguage whose value is a
    # string. Not a definition Step Functions accepts; the importer names the entry.
    "step-functions-workflows-collection/shared-fallback-state-jsonata__statemachine.json": "M503",
}

def _name(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def test_corpus_round_trips(corpus: list[Path]) -> None:
    accepted, refused = 0, collections.Counter[str]()
    unexpected: list[str] = []
    for path in corpus:
        entry = load_corpus(path)
        try:
            import_definition(entry["substituted"], origin=_name(path))
            accepted += 1
            if _name(path) in EXPECTED_REFUSALS:
                unexpected.append(f"{_name(path)}: now accepted; drop it from EXPECTED_REFUSALS")
        except Refusal as exc:
            loc = exc.located
            refused[f"{loc.code} {loc.message}"] += 1
            assert loc.message, f"{_name(path)}: a refusal must say why"
            if EXPECTED_REFUSALS.get(_name(path)) != loc.code:
                unexpected.append(f"{_name(path)}: refused {loc.code} {loc.message} at {loc.path}")
    print(f"\ncorpus: {len(corpus)} files, {accepted} accepted, {sum(refused.values())} refused")
    for reason, count in refused.most_common():
        print(f"  {count:3} x {reason}")
    assert sum(refused.values()) <= MAX_REFUSALS
    assert not unexpected, "\n".join(unexpected)
