"""Must show (issue 12): every real definition of shared/corpus/asl-real, imported as
``compiler import`` does, gets its IAM with no unsupported integration; every generated action
exists in AWS's authorization data, none contains ``*``, and every wildcard resource has a reason.

The corpus is read in place (never copied). Three imported specs fail validate for JSONPath
filters with unquoted strings (E320; docs/jsonpath.md says why Step Functions cannot evaluate them),
not for IAM; their IAM is computed from the same lowered program. ``test_corpus_cli.py`` counts the
definitions that get their IAM the user's way, ``compiler import`` then ``compiler iam``.
"""

from __future__ import annotations

import collections
from pathlib import Path

from compiler.iam import machine_statements
from compiler.iam.data import index
from compiler.iam.wildcards import UNEXPLAINED, wildcards
from compiler.importer.convert import convert, standalone
from compiler.importer.errors import Refusal
from compiler.lower import lower
from compiler.model import build_spec
from tests import shared
from tests.importer.conftest import corpus, load_corpus

__all__ = ["corpus"]  # the fixture, shared with the importer tests
pytestmark = shared.conformance


def test_every_corpus_definition_gets_its_iam(corpus: list[Path]) -> None:
    data = index()
    counts: collections.Counter[str] = collections.Counter()
    actions: set[str] = set()
    problems: list[str] = []
    for path in corpus:
        entry = load_corpus(path)
        try:
            imported = convert(entry["substituted"], "imported")
        except Refusal:
            counts["refused by the importer"] += 1
            continue
        spec, _ = build_spec(standalone(imported))
        assert spec is not None, path
        program = lower(spec)
        for machine in program.machines.values():
            found = machine_statements(program, machine)  # raises on an unsupported integration
            counts["machines"] += 1
            counts["statements"] += len(found)
            for statement in found:
                for action in statement.actions:
                    actions.add(action)
                    if "*" in action or data.action(action) is None or str(data.action(action)) != action:
                        problems.append(f"{path.name}: {action} is not an action of AWS's data")
            for item in wildcards(found):
                counts["wildcard resources"] += 1
                if item["reasons"] == [UNEXPLAINED]:
                    problems.append(f"{path.name}: {item['resource']} has no reason")
    print(f"\ncorpus IAM: {len(corpus)} files, {dict(counts)}, {len(actions)} distinct actions")
    assert counts["machines"] >= 220
    assert not problems, "\n".join(problems[:20])
