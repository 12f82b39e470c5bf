"""The cache of built requirement zips: where it is, the key of a build, and reading an entry.

Apart from ``pip_build`` (which runs pip and writes zips) so that ``validate`` of a spec whose
builds are cached imports neither pip's driver nor zip, subprocess and tempfile.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import NamedTuple

from compiler.deps.requirements import Requirements
from compiler.deps.target import Target

FORMAT = "1"  # bump when the layout or normalisation changes: old cache entries are then unused


class Built(NamedTuple):
    zip_path: Path
    unzipped_size: int  # bytes, what counts against Lambda's 250 MB limit
    distributions: dict[str, str]  # installed project name -> version
    extension_modules: tuple[str, ...]  # paths of the compiled modules in the zip
    cached: bool  # read from the cache (no pip run)


def cache_dir() -> Path:
    """``$SFN_BUILD_CACHE``, else ``sfn-workflow-compiler/builds`` in the user's cache folder."""
    if os.environ.get("SFN_BUILD_CACHE"):
        return Path(os.environ["SFN_BUILD_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "sfn-workflow-compiler" / "builds"


def cache_key(requirements: Requirements, target: Target, prefix: str) -> str:
    facts = {"format": FORMAT, "requirements": requirements.text, "runtime": target.runtime,
             "architecture": target.architecture, "prefix": prefix, "pip": _pip_version()}
    return hashlib.sha256(json.dumps(facts, sort_keys=True).encode()).hexdigest()[:32]


def cached(requirements: Requirements, target: Target, prefix: str) -> Built | None:
    key = cache_key(requirements, target, prefix)
    return load(cache_dir(), key)


def load(store: Path, key: str) -> Built | None:
    zip_path, meta_path = store / f"{key}.zip", store / f"{key}.json"
    if not (zip_path.is_file() and meta_path.is_file()):
        return None
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        return Built(zip_path, int(meta["size"]), dict(meta["distributions"]), tuple(meta["extension_modules"]),
                     cached=True)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _pip_version() -> str:
    # pip's own attribute: importing pip/__init__ is cheaper than a metadata scan (validate's cold start).
    try:
        import pip
    except ImportError:
        return "none"
    return str(pip.__version__)
