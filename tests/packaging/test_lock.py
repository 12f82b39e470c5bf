"""The environment is the lock: every installed package at its locked version, the lock current.

requirements.lock (bash scripts/lock) pins every package of the development environment with
hashes; scripts/setup installs from it. These tests fail when the venv drifted from it, when
requirements*.txt changed without a new lock, or when pyproject.toml's ranges exclude a locked
version (users installing the package would get something never tested).
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from importlib import metadata

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import REPO

LOCK = REPO / "requirements.lock"
# Not in a lock: the venv's own installers (created with the venv) and this package (editable).
NOT_LOCKED = {"pip", "setuptools", "sfn-workflow-compiler"}


def locked() -> dict[str, str]:
    """``name -> version`` of the lock's entries whose markers match this interpreter."""
    found: dict[str, str] = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9][A-Za-z0-9_.-]*)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$", line)
        if match and (match.group(3) is None or Marker(match.group(3)).evaluate()):
            found[canonicalize_name(match.group(1))] = match.group(2)
    return found


def pinned(path: str) -> dict[str, str]:
    pins = {}
    for line in (REPO / path).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            requirement = Requirement(line)
            (spec,) = requirement.specifier
            assert spec.operator == "==", f"{path}: {line} is not pinned exactly"
            pins[canonicalize_name(requirement.name)] = spec.version
    return pins


def test_installed_packages_are_the_locked_versions() -> None:
    lock = locked()
    assert len(lock) > 50
    installed = {canonicalize_name(d.metadata["Name"]): d.version for d in metadata.distributions()}
    missing = {name: version for name, version in lock.items() if installed.get(name) != version}
    extra = sorted(set(installed) - set(lock) - NOT_LOCKED)
    assert not missing, f"installed differs from requirements.lock (run bash scripts/setup): " \
                        f"{ {n: (v, installed.get(n)) for n, v in missing.items()} }"
    assert not extra, f"installed but not locked (add a pin to requirements*.txt, then bash scripts/lock): {extra}"


def test_lock_is_newer_than_its_inputs() -> None:
    inputs = hashlib.sha256((REPO / "requirements.txt").read_bytes() + (REPO / "requirements-dev.txt").read_bytes())
    assert f"# inputs: {inputs.hexdigest()}" in LOCK.read_text(encoding="utf-8").splitlines(), \
        "requirements*.txt changed since the lock was made: run bash scripts/lock"


def test_every_pin_of_the_requirements_is_locked_at_that_version() -> None:
    lock = locked()
    for path in ("requirements.txt", "requirements-dev.txt"):
        for name, version in pinned(path).items():
            assert lock.get(name) == version, f"{path} pins {name}=={version}, the lock has {lock.get(name)}"


def test_the_packages_ranges_admit_the_locked_versions() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lock = locked()
    requirements = [Requirement(r) for r in project["dependencies"]]
    requirements += [Requirement(r) for extra in project["optional-dependencies"].values() for r in extra]
    for requirement in requirements:
        name = canonicalize_name(requirement.name)
        assert name in lock, f"{requirement} is not in the lock"
        assert requirement.specifier.contains(lock[name]), f"pyproject.toml's {requirement} excludes the locked {lock[name]}"
        assert any(s.operator in ("<", "<=", "==", "~=") for s in requirement.specifier), \
            f"pyproject.toml's {requirement} has no upper bound: a future major release would be installed untested"
