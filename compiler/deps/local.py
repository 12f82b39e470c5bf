"""What a local run imports instead of a built layer: the packages installed here, and how they differ."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

from compiler.deps.requirements import RequirementsFileError, read
from compiler.ir import Program
from compiler.model.resources import Function, Layer


def version_notes(program: Program, root: Path) -> list[str]:
    """One line per pinned requirement whose locally installed version is another (or missing).

    ``compiler run`` runs handlers in this interpreter: a layer's NumPy is the NumPy installed
    here, so a result may differ from AWS's when the versions do.
    """
    notes = []
    for key, resource in program.spec.resources.items():
        if not isinstance(resource, Layer | Function) or resource.requirements is None:
            continue
        try:
            pins = read(resource.requirements, root).pins
        except RequirementsFileError:
            continue
        for name, pinned in sorted(pins.items()):
            try:
                local = metadata.version(name)
            except metadata.PackageNotFoundError:
                notes.append(f"{resource.type} '{key}' pins {name}=={pinned}, which is not installed here: "
                             f"handlers that import it fail locally (pip install {name}=={pinned})")
                continue
            if local != pinned:
                notes.append(f"{resource.type} '{key}' pins {name}=={pinned}; this run uses the {name} {local} "
                             "installed here")
    return notes
