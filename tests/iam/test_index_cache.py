"""The IAM index's disk cache: what is stored reads back as what was built, and misspelled actions
are matched against AWS's service prefixes. (The suite otherwise finds a warm cache, so these paths
ran only on a fresh machine.)"""

from __future__ import annotations

from pathlib import Path

from compiler.iam import data


def test_the_stored_index_reads_back_as_built(tmp_path: Path) -> None:
    built = data.build()
    path = tmp_path / "iam-index.json"
    data._store(path, built)
    read = data._read(path)
    fresh = data.Index.of(built)
    assert sorted(read.prefixes) == sorted(fresh.prefixes) == sorted(built["services"])
    for prefix in ("s3", "states", "dynamodb", "lambda"):
        assert read.service(prefix) == built["services"][prefix]
    assert read.suggest("dynamodb:PutItm") == fresh.suggest("dynamodb:PutItm") == "dynamodb:PutItem"


def test_a_misspelled_service_prefix_is_matched_too() -> None:
    assert data.index().suggest("dynamodbb:PutItem") == "dynamodb:PutItem"
    assert data.index().suggest("zzzzqqqq:Nothing") is None
