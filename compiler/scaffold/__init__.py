"""``compiler init``: the files of a new project, planned in memory, then written (see plan.py)."""
