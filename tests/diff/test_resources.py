"""Resource changes: replacement rules, removals and their costs, key renames."""

from __future__ import annotations

from pathlib import Path

from tests.diff.helpers import diff_texts

SEED = (Path(__file__).resolve().parents[2] / "workflow.yaml").read_text(encoding="utf-8")


def test_bucket_with_removal_policy_destroy_loses_its_data(tmp_path: Path) -> None:
    base = SEED.replace("removal_policy: retain", "removal_policy: destroy")
    head = base.replace("bucket_name: sfn-bucket-by-aws-cdk", "bucket_name: other")
    [flag] = diff_texts(tmp_path, base, head).flags
    assert flag.category == "replacement" and "deleted with its objects" in flag.message


def test_function_name_change_is_a_replacement(tmp_path: Path) -> None:
    head = SEED.replace("function_name: sfn_first_lambda", "function_name: sfn_first")
    diff = diff_texts(tmp_path, SEED, head)
    [change] = diff.resources
    assert change.replacement is not None and change.replacement.properties == ("FunctionName",)


def test_memory_change_is_not_a_replacement(tmp_path: Path) -> None:
    head = SEED.replace("    memory_size: 128\n    timeout: 10\n\n  second", "    memory_size: 256\n    timeout: 10\n\n  second")
    diff = diff_texts(tmp_path, SEED, head)
    [change] = diff.resources
    assert (change.key, change.replacement, diff.flags) == ("first", None, ())
    assert [(f.path, f.before, f.after) for f in change.fields] == [("/memory_size", 128, 256)]


def test_key_rename_is_a_new_logical_id(tmp_path: Path) -> None:
    head = SEED.replace("  sfn_bucket:\n", "  data_bucket:\n").replace("${sfn_bucket.", "${data_bucket.")
    diff = diff_texts(tmp_path, SEED, head)
    [change] = [r for r in diff.resources if r.kind == "renamed"]
    assert (change.old_key, change.key) == ("sfn_bucket", "data_bucket")
    assert change.replacement is not None and "deployment rolls back" in change.replacement.cost
    # The policy now names the renamed bucket: its statement changes, and so do its permissions.
    assert {c.kind for c in diff.iam} == {"gained", "lost"}


def test_state_machine_removed_loses_its_history(tmp_path: Path) -> None:
    head = SEED[: SEED.index("  main:\n")]
    diff = diff_texts(tmp_path, SEED, head)
    assert [(m.key, m.kind) for m in diff.machines] == [("main", "removed")]
    [loss] = [f for f in diff.flags if f.category == "data_loss"]
    assert loss.subject == "state machine main" and "execution history is lost" in loss.message


def test_imported_bucket_leaves_the_stack(tmp_path: Path) -> None:
    head = SEED.replace("    bucket_name: sfn-bucket-by-aws-cdk\n    removal_policy: retain\n",
                        "    existing:\n      bucket_name: sfn-bucket-by-aws-cdk\n")
    [change] = diff_texts(tmp_path, SEED, head).resources
    assert change.replacement is not None and "stops managing it" in change.replacement.cost
