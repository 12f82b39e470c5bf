"""Reading a synthesized cloud assembly (cdk.out) and publishing its file assets.

The in-process deploy does what ``cdk deploy`` does before CreateStack: zip each asset folder
and put it where the template's ``Code.S3Bucket``/``S3Key`` point.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BOOTSTRAP_QUALIFIER = "hnb659fds"
BOOTSTRAP_VERSION_PARAMETER = f"/cdk-bootstrap/{BOOTSTRAP_QUALIFIER}/version"
# What the current `cdk bootstrap` template writes; the stack requires >= 6.
BOOTSTRAP_VERSION = "30"
# Fixed timestamps: the same folder gives the same zip (and so the same CodeSha256).
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


class AssemblyError(Exception):
    """The cloud assembly is not what a deploy needs (clear message, not a traceback)."""


@dataclass(frozen=True)
class FileAsset:
    hash: str
    source: Path
    packaging: str  # "zip" (a folder) or "file"
    bucket: str  # with ${AWS::AccountId} / ${AWS::Region} still in it
    key: str

    def body(self) -> bytes:
        if self.packaging == "file" or self.source.is_file():
            return self.source.read_bytes()
        return zip_folder(self.source)


@dataclass(frozen=True)
class StackArtifact:
    name: str
    template_path: Path
    template: dict[str, Any]
    assets: list[FileAsset]

    @property
    def resources(self) -> dict[str, dict[str, Any]]:
        resources: dict[str, dict[str, Any]] = self.template.get("Resources", {})
        return resources

    def logical_id(self, construct_path: str) -> str | None:
        """The logical id of ``<stack>/<construct_path>`` (spec key -> resource)."""
        wanted = f"{self.name}/{construct_path}"
        for logical, resource in self.resources.items():
            if resource.get("Metadata", {}).get("aws:cdk:path") == wanted:
                return logical
        return None


def zip_folder(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                info = zipfile.ZipInfo(path.relative_to(folder).as_posix(), ZIP_DATE)
                info.external_attr = 0o644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes())
    return buffer.getvalue()


def read_stacks(outdir: Path) -> list[StackArtifact]:
    manifest_path = outdir / "manifest.json"
    if not manifest_path.is_file():
        raise AssemblyError(f"{outdir}: no manifest.json (was the app synthesized?)")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    artifacts: dict[str, Any] = manifest.get("artifacts", {})
    stacks = []
    for name, artifact in artifacts.items():
        if artifact.get("type") != "aws:cloudformation:stack":
            continue
        template_path = outdir / artifact["properties"]["templateFile"]
        assets: list[FileAsset] = []
        for dependency in artifact.get("dependencies", []):
            dep = artifacts.get(dependency, {})
            if dep.get("type") == "cdk:asset-manifest":
                assets.extend(_file_assets(outdir, outdir / dep["properties"]["file"]))
        stack_name = artifact.get("displayName", name)
        template = json.loads(template_path.read_text(encoding="utf-8"))
        stacks.append(StackArtifact(stack_name, template_path, template, assets))
    if not stacks:
        raise AssemblyError(f"{outdir}: the assembly has no stack")
    return stacks


def _file_assets(outdir: Path, path: Path) -> list[FileAsset]:
    manifest = json.loads(path.read_text(encoding="utf-8"))
    if manifest.get("dockerImages"):
        raise AssemblyError("container image assets cannot be deployed to the local emulator")
    assets = []
    for asset_hash, entry in manifest.get("files", {}).items():
        source = outdir / entry["source"]["path"]
        for destination in entry["destinations"].values():
            assets.append(
                FileAsset(asset_hash, source, entry["source"].get("packaging", "file"),
                          destination["bucketName"], destination["objectKey"])
            )
    return assets


def placeholders(text: str, account: str, region: str, partition: str = "aws") -> str:
    return (
        text.replace("${AWS::AccountId}", account)
        .replace("${AWS::Region}", region)
        .replace("${AWS::Partition}", partition)
    )
