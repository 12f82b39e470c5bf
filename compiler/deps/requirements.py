"""``requirements:`` of a layer or function: a list of pins, or a requirements file of the project."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name


@dataclass(frozen=True)
class Line:
    number: int  # 1-based line of the file, or the list index + 1
    text: str  # the requirement with its options (``numpy==2.4.6 --hash=sha256:...``)
    requirement: Requirement | None  # None when ``text`` is not a requirement (``problem`` says why)
    problem: str | None = None


@dataclass(frozen=True)
class Requirements:
    lines: tuple[Line, ...]
    file: Path | None  # the requirements file, when the spec names one

    @property
    def text(self) -> str:
        """What pip reads (``-r``): one requirement a line, in the order written."""
        return "".join(f"{line.text}\n" for line in self.lines)

    @property
    def pins(self) -> dict[str, str]:
        """``{normalised name: version}`` of the requirements pinned with ``==``."""
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
        return Line(number, text, None, f"'{text.split()[0]}' is not supported here: write each requirement itself")
    spec, _, _options = text.partition(" --")
    try:
        requirement = Requirement(spec.strip())
    except InvalidRequirement as exc:
        return Line(number, text, None, f"'{spec.strip()}' is not a requirement: {exc}")
    if requirement.url:
        return Line(number, text, None, f"'{requirement.name}' comes from a URL: pin a version from the index")
    return Line(number, text, requirement)
