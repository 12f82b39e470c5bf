"""Activities in ``compiler diff``: a new name or encryption replaces the activity, and replacing or
removing it says what is lost (the tasks it holds for workers)."""

from __future__ import annotations

from pathlib import Path

from tests.diff.helpers import diff_texts

SPEC = """version: 1
resources:
  approval_key: {type: key}
  approve:
    type: activity
    activity_name: approve-order
state_machines:
  orders:
    states:
      Approve: {type: task, resource: "${approve.arn}", heartbeat_seconds: 60}
"""


def test_a_new_activity_name_replaces_it_and_its_waiting_tasks_are_lost(tmp_path: Path) -> None:
    diff = diff_texts(tmp_path, SPEC, SPEC.replace("approve-order", "approve-orders"))
    [change] = [c for c in diff.resources if c.key == "approve"]
    assert change.replacement is not None and change.replacement.properties == ("Name",)
    assert "a new activity `approve-orders` is created and `approve-order` deleted" in change.replacement.cost
    assert "the tasks it holds for workers are lost" in change.replacement.cost
    [flag] = [f for f in diff.flags if f.subject == "activity approve"]
    assert "Name" in flag.message


def test_encrypting_an_activity_replaces_it(tmp_path: Path) -> None:
    head = SPEC.replace("    activity_name: approve-order\n",
                        "    activity_name: approve-order\n    encryption: {key: approval_key}\n")
    diff = diff_texts(tmp_path, SPEC, head)
    [change] = [c for c in diff.resources if c.key == "approve"]
    assert change.replacement is not None and change.replacement.properties == ("EncryptionConfiguration",)


def test_removing_an_activity_is_flagged_with_its_waiting_tasks(tmp_path: Path) -> None:
    head = SPEC.replace("  approve:\n    type: activity\n    activity_name: approve-order\n", "").replace(
        '"${approve.arn}"', "arn:aws:states:us-east-1:123456789012:activity:other")
    diff = diff_texts(tmp_path, SPEC, head)
    [flag] = [f for f in diff.flags if f.subject == "activity approve"]
    assert flag.category == "data_loss" and "the activity `approve-order` is deleted" in flag.message
    assert "the tasks it holds for workers are lost" in flag.message


def test_renaming_the_key_of_an_unnamed_activity_replaces_it(tmp_path: Path) -> None:
    base = SPEC.replace("    activity_name: approve-order\n", "")
    head = base.replace("  approve:\n", "  approval:\n").replace("${approve.arn}", "${approval.arn}")
    diff = diff_texts(tmp_path, base, head)
    [change] = [c for c in diff.resources if c.key == "approval"]
    assert change.kind == "renamed" and change.replacement is not None
    assert "the tasks it holds for workers are lost" in change.replacement.cost
