"""Installing requirements for a Lambda target with pip, and the reproducible zip of the result.

The zip is cached under the user's cache folder by a hash of what decides its content (the
requirements as written, runtime, architecture, layout, pip's version), so a second synth or
validate reads it instead of running pip. The same inputs give a byte-identical zip: entries
sorted, fixed timestamps and modes, no bytecode, no console scripts (their shebang and RECORD
hash name the local interpreter).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from importlib import metadata
from pathlib import Path

from compiler.deps.build_cache import Built, cache_dir, cache_key, load
from compiler.deps.requirements import Requirements
from compiler.deps.target import Target

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
WHEELHOUSE = Path(".cache") / "wheels"  # the project's pre-fetched wheels (scripts/setup)
_MISSING = re.compile(r"satisfies the requirement (\S+)")


class BuildError(Exception):
    """pip refused: ``message`` is its error, ``requirement`` the one it names (when it does)."""

    def __init__(self, message: str, requirement: str | None = None) -> None:
        super().__init__(message)
        self.message, self.requirement = message, requirement


def find_wheelhouse(root: Path) -> Path | None:
    """``$SFN_WHEELHOUSE``, else the nearest ``.cache/wheels`` from ``root`` upwards."""
    explicit = os.environ.get("SFN_WHEELHOUSE")
    if explicit:
        return Path(explicit)
    for folder in (root.resolve(), *root.resolve().parents):
        if (folder / WHEELHOUSE).is_dir():
            return folder / WHEELHOUSE
    return None


def build(requirements: Requirements, target: Target, *, prefix: str, root: Path) -> Built:
    """The zip of ``requirements`` installed for ``target`` under ``prefix`` (``python`` for a layer)."""
    key = cache_key(requirements, target, prefix)
    store = cache_dir()
    found = load(store, key)
    if found is not None:
        return found
    store.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=store, prefix="tmp-") as work:
        folder = Path(work) / "out"
        install_dir = folder / prefix if prefix else folder
        _pip_install(requirements, target, install_dir, Path(work), find_wheelhouse(root))
        _normalise(install_dir)
        zip_tmp = Path(work) / "asset.zip"
        size, extensions = write_zip(folder, zip_tmp)
        meta = {"size": size, "distributions": _distributions(install_dir), "extension_modules": extensions}
        (Path(work) / "meta.json").write_text(json.dumps(meta, sort_keys=True), encoding="utf-8")
        # Renamed into place: parallel test workers may build the same entry at once.
        os.replace(zip_tmp, store / f"{key}.zip")
        os.replace(Path(work) / "meta.json", store / f"{key}.json")
    built = load(store, key)
    assert built is not None
    return Built(built.zip_path, built.unzipped_size, built.distributions, built.extension_modules, cached=False)


def bundle(base: Built, code: Path, exclude: tuple[str, ...] = ("__pycache__", ".pyc")) -> Built:
    """A function's package: its installed requirements with its code folder over them."""
    digest = hashlib.sha256(base.zip_path.name.encode())
    files = sorted(p for p in code.rglob("*") if p.is_file() and not any(x in str(p) for x in exclude))
    for path in files:
        digest.update(path.relative_to(code).as_posix().encode() + b"\0" + path.read_bytes())
    key = f"fn-{digest.hexdigest()[:32]}"
    store = cache_dir()
    found = load(store, key)
    if found is not None:
        return found
    with tempfile.TemporaryDirectory(dir=store, prefix="tmp-") as work:
        folder = Path(work) / "out"
        with zipfile.ZipFile(base.zip_path) as archive:
            archive.extractall(folder)
        for path in files:
            dest = folder / path.relative_to(code)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, dest)
        size, extensions = write_zip(folder, Path(work) / "asset.zip")
        meta = {"size": size, "distributions": base.distributions, "extension_modules": extensions}
        (Path(work) / "meta.json").write_text(json.dumps(meta, sort_keys=True), encoding="utf-8")
        os.replace(Path(work) / "asset.zip", store / f"{key}.zip")
        os.replace(Path(work) / "meta.json", store / f"{key}.json")
    built = load(store, key)
    assert built is not None
    return built


def write_zip(folder: Path, dest: Path) -> tuple[int, list[str]]:
    """A zip of ``folder`` that depends on nothing but the files' names, bytes and executable bit."""
    size, extensions = 0, []
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for path in sorted(folder.rglob("*"), key=lambda p: p.relative_to(folder).as_posix()):
            if not path.is_file():
                continue
            name = path.relative_to(folder).as_posix()
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.external_attr = (0o755 if os.access(path, os.X_OK) else 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            data = path.read_bytes()
            archive.writestr(info, data, compresslevel=6)
            size += len(data)
            if name.endswith(".so") or ".so." in name:
                extensions.append(name)
    return size, extensions


def _pip_install(requirements: Requirements, target: Target, dest: Path, work: Path, wheelhouse: Path | None) -> None:
    req_file = work / "requirements.txt"
    req_file.write_text(requirements.text, encoding="utf-8")
    command = [sys.executable, "-m", "pip", "install", "--disable-pip-version-check", "--no-input", "--quiet",
               "--no-compile", "--no-warn-script-location", "--only-binary=:all:", "--implementation", "cp",
               "--python-version", target.python_version, "--target", str(dest), "-r", str(req_file)]
    for platform in target.platforms:
        command += ["--platform", platform]
    attempts = []
    has_wheels = wheelhouse is not None and any(wheelhouse.glob("*.whl"))
    if has_wheels:
        attempts.append(["--no-index", "--find-links", str(wheelhouse)])  # offline first: the pre-fetched wheels
    if not os.environ.get("PIP_NO_INDEX"):
        attempts.append(["--find-links", str(wheelhouse)] if has_wheels else [])
    error = "pip found no index to install from (PIP_NO_INDEX is set and there is no wheelhouse)"
    for extra in attempts:
        shutil.rmtree(dest, ignore_errors=True)
        done = subprocess.run([*command, *extra], capture_output=True, text=True, check=False)
        if done.returncode == 0:
            return
        error = done.stderr
    raise _error(error)


def _error(stderr: str) -> BuildError:
    lines = [line.removeprefix("ERROR: ").strip() for line in stderr.splitlines() if line.startswith("ERROR:")]
    message = "; ".join(lines) or stderr.strip().splitlines()[-1] if stderr.strip() else "pip failed"
    found = _MISSING.search(stderr)
    name = re.split(r"[<>=!~;\[ ]", found.group(1), maxsplit=1)[0] if found else None
    return BuildError(message, name)


def _normalise(install_dir: Path) -> None:
    """Drop what differs between machines: console scripts (and their RECORD lines), bytecode."""
    shutil.rmtree(install_dir / "bin", ignore_errors=True)
    for cache in list(install_dir.rglob("__pycache__")):
        shutil.rmtree(cache, ignore_errors=True)
    for record in install_dir.glob("*.dist-info/RECORD"):
        lines = record.read_text(encoding="utf-8").splitlines(keepends=True)
        kept = [line for line in lines if not line.startswith("../") and "__pycache__" not in line]
        record.write_text("".join(kept), encoding="utf-8")


def _distributions(install_dir: Path) -> dict[str, str]:
    found = {}
    for dist in metadata.distributions(path=[str(install_dir)]):
        found[dist.metadata["Name"]] = dist.version
    return dict(sorted(found.items()))
