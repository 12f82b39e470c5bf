"""``requirements:`` of a layer or function: a list of pins, or a requirements file of the project."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from packaging.requirements import Requirement

# ``name==1.2.3``, what most pins are: certainly a valid requirement, so a cold ``validate`` of a
# spec pinned this way need not import packaging's parser (a tenth of its start-up).
_PLAIN_PIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?==[0-9]+(?:\.[0-9]+)*")


class Line(NamedTuple):
    number: int  # 1-based line of the file, or the list index + 1
    text: str  # the requirement with its options (``numpy==2.4.6 --hash=sha256:...``)
    problem: str | None = None  # why ``text`` is not a requirement

    @property
    def requirement(self) -> Requirement | None:
        """The parsed requirement; None when there is a ``problem``."""
        return None if self.problem is not None else _parse(_spec(self.text))


class Requirements(NamedTuple):
    lines: tuple[Line, ...]
    file: Path | None  # the requirements file, when the spec names one

    @property
    def text(self) -> str:
        """What pip reads (``-r``): one requirement a line, in the order written."""
        return "".join(f"{line.text}\n" for line in self.lines)

    @property
    def pins(self) -> dict[str, str]:
        """``{normalised name: version}`` of the requirements pinned with ``==``."""
        from packaging.utils import canonicalize_name

        pins: dict[str, str] = {}
        for line in self.lines:
            req = line.requirement
            if req is None:
                continue
            exact = [s.version for s in req.specifier if s.operator in ("==", "===")]
            if exact:
                pins[canonicalize_name(req.name)] = exact[0]
        return pins

    @property
    def problems(self) -> list[Line]:
        return [line for line in self.lines if line.problem is not None]

    def index_of(self, name: str) -> int | None:
        """The position of a requirement by its project name (for a diagnostic at its line)."""
        from packaging.utils import canonicalize_name

        wanted = canonicalize_name(name)
        for index, line in enumerate(self.lines):
            if line.requirement is not None and canonicalize_name(line.requirement.name) == wanted:
                return index
        return None


class RequirementsFileError(Exception):
    pass


def read(spec_value: str | list[str], root: Path) -> Requirements:
    """The requirements of a spec value; ``RequirementsFileError`` when the file cannot be read."""
    if isinstance(spec_value, list):
        return Requirements(tuple(_line(i + 1, text.strip()) for i, text in enumerate(spec_value)), None)
    file = root / spec_value
    try:
        content = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RequirementsFileError(f"cannot read requirements file '{spec_value}': {getattr(exc, 'strerror', None) or exc}") from exc
    return Requirements(tuple(_file_lines(content)), file)


def _file_lines(content: str) -> list[Line]:
    lines: list[Line] = []
    pending, start = "", 0
    for number, raw in enumerate(content.splitlines(), start=1):
        text = raw.split(" #", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if not pending:
            start = number
        if text.endswith("\\"):
            pending += text[:-1].strip() + " "
            continue
        text, pending = (pending + text).strip(), ""
        if text:
            lines.append(_line(start, text))
    if pending.strip():
        lines.append(_line(start, pending.strip()))
    return lines


def _line(number: int, text: str) -> Line:
    if text.startswith("-"):
        return Line(number, text, f"'{text.split()[0]}' is not supported here: write each requirement itself")
    spec = _spec(text)
    if _PLAIN_PIN.fullmatch(spec):
        return Line(number, text)
    from packaging.requirements import InvalidRequirement

    try:
        requirement = _parse(spec)
    except InvalidRequirement as exc:
        return Line(number, text, f"'{spec}' is not a requirement: {exc}")
    if requirement.url:
        return Line(number, text, f"'{requirement.name}' comes from a URL: pin a version from the index")
    return Line(number, text)


def _spec(text: str) -> str:
    """The requirement without pip's options (``--hash=...``)."""
    return text.partition(" --")[0].strip()


@cache
def _parse(spec: str) -> Requirement:
    from packaging.requirements import Requirement

    return Requirement(spec)
