"""The loader: values and spans, merges, and every way a file can be unreadable."""

from __future__ import annotations

import pytest

from compiler.loader import MAX_DEPTH, load_bytes, load_text


def codes(text: str) -> list[tuple[str, int]]:
    loaded = load_text(text, "t.yaml")
    return [(d.code, d.span.line) for d in loaded.report.sorted()]


def test_values_follow_yaml_1_2_core_schema() -> None:
    loaded = load_text("a: yes\nb: on\nc: true\nd: 0o17\ne: 0x1F\nf: 1.5e3\ng: ~\nh: '1'\ni: 012\n", "t.yaml")
    assert loaded.data == {"a": "yes", "b": "on", "c": True, "d": 15, "e": 31, "f": 1500.0, "g": None, "h": "1", "i": 12}


def test_keys_are_the_text_written() -> None:
    assert load_text("1: a\ntrue: b\nnull: c\n", "t.yaml").data == {"1": "a", "true": "b", "null": "c"}


def test_every_key_and_value_has_a_span() -> None:
    loaded = load_text("top:\n  inner: [x, {y: 1}]\n", "t.yaml")
    values = loaded.source.values
    assert (values[("top", "inner")].line, values[("top", "inner")].col) == (2, 10)
    assert (values[("top", "inner", 1, "y")].line, values[("top", "inner", 1, "y")].col) == (2, 18)
    assert (loaded.source.keys[("top", "inner")].line, loaded.source.keys[("top", "inner")].col) == (2, 3)


def test_locate_falls_back_to_the_nearest_ancestor() -> None:
    loaded = load_text("top:\n  inner: {a: 1}\n", "t.yaml")
    assert loaded.source.locate(("top", "inner", "missing", "deeper")).line == 2


def test_merge_keys_keep_anchor_order_and_override() -> None:
    text = "base: &b {x: 1, y: 2, z: 3}\nchild:\n  <<: *b\n  y: 20\n  w: 4\n"
    loaded = load_text(text, "t.yaml")
    assert list(loaded.data["child"].items()) == [("x", 1), ("y", 20), ("z", 3), ("w", 4)]
    # A merged value points at the anchored text; an override at its own line.
    assert loaded.source.values[("child", "x")].line == 1
    assert loaded.source.values[("child", "y")].line == 4


def test_merge_of_several_anchors_first_wins() -> None:
    loaded = load_text("a: &a {k: 1}\nb: &b {k: 2, m: 3}\nc:\n  <<: [*a, *b]\n", "t.yaml")
    assert loaded.data["c"] == {"k": 1, "m": 3}


def test_alias_spans_are_rerooted() -> None:
    loaded = load_text("a: &a {k: [1, 2]}\nb: *a\n", "t.yaml")
    assert loaded.source.values[("b", "k", 1)].line == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: 1\na: 2\n", [("Y101", 2)]),
        ("a: [1,\n", [("Y100", 2)]),
        ("", [("Y103", 1)]),
        ("# only a comment\n", [("Y103", 1)]),
        ("- 1\n- 2\n", [("Y104", 1)]),
        ("a: !!python/object:os.system x\n", [("Y107", 1)]),
        ("a: !Ref b\n", [("Y107", 1)]),
        ("? [a]\n: 1\n", [("Y108", 1)]),
        ("a: 1\n---\nb: 2\n", [("Y109", 2)]),
        ("a: *nowhere\n", [("Y100", 1)]),
        ("a:\n  <<: 5\n", [("Y100", 2)]),
        ("a: !!int abc\n", [("Y107", 1)]),
        ("a: \x07\n", [("Y100", 1)]),
        # JSON (so ASL and CloudFormation) has no infinity or NaN: they used to reach the template.
        ("a: .inf\n", [("Y112", 1)]),
        ("a:\n  b: [1, -.Inf]\n", [("Y112", 2)]),
        ("a: .nan\n", [("Y112", 1)]),
        ("a: 1e999\n", [("Y112", 1)]),
        ("a: !!float .NaN\n", [("Y112", 1)]),
    ],
)
def test_problems_become_diagnostics(text: str, expected: list[tuple[str, int]]) -> None:
    assert codes(text) == expected


def test_quoted_inf_and_nan_stay_text() -> None:
    assert load_text("a: '.inf'\nb: \".nan\"\n", "t.yaml").data == {"a": ".inf", "b": ".nan"}


def test_non_utf8_is_located() -> None:
    loaded = load_bytes(b"a: 1\nb: \xff\xfe\n", "t.yaml")
    [diag] = loaded.report.diagnostics
    assert (diag.code, diag.span.line, diag.span.col) == ("Y102", 2, 4)


def test_byte_order_mark_is_accepted() -> None:
    assert load_bytes("\ufeffa: 1\n".encode(), "t.yaml").data == {"a": 1}


def test_billion_laughs_stops_fast() -> None:
    lines = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 10):
        refs = ", ".join([f"*l{i - 1}"] * 9)
        lines.append(f"l{i}: &l{i} [{refs}]")
    # 9^10 nodes if expanded; the loader counts aliases as it meets them and stops at its budget.
    loaded = load_text("\n".join(lines) + "\n", "t.yaml")
    assert [d.code for d in loaded.report.diagnostics] == ["Y105"]


def test_deep_nesting_is_refused_without_recursion_error() -> None:
    assert codes("a: " + "[" * 10_000 + "\n")[0][0] == "Y106"
    assert codes("a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, MAX_DEPTH + 5)))[0][0] == "Y106"


def test_too_large_file() -> None:
    loaded = load_bytes(b"a: 1\n" + b"#" * (6 * 1024 * 1024), "t.yaml")
    assert [d.code for d in loaded.report.diagnostics] == ["Y110"]


@pytest.mark.parametrize("text", ["a: [1, 2\n", "a: 1\na: 2\n", "a: *nowhere\n"])
def test_a_load_error_is_at_its_span_and_leaves_the_source_map_alone(text: str) -> None:
    loaded = load_text(text, "t.yaml")
    [diagnostic] = loaded.report.diagnostics
    assert diagnostic.span.line >= 1 and "__error__" not in diagnostic.path
    assert all("__error__" not in path for path in loaded.source.values)
