"""What stops an import: a refusal naming the construct and where it sits in the input."""

from __future__ import annotations

from dataclasses import dataclass

from compiler.source import Path, Span


@dataclass(frozen=True)
class Located:
    """A finding in a definition: ``path`` is relative to the definition, not to the file.

    ``span`` is set only where no path can say it (a parse error has no path yet).
    """

    code: str
    message: str
    path: Path = ()
    hint: str | None = None
    span: Span | None = None


class Refusal(Exception):
    """The input cannot be imported exactly; carries the diagnostic that says why."""

    def __init__(
        self, code: str, message: str, path: Path = (), hint: str | None = None, span: Span | None = None
    ) -> None:
        super().__init__(message)
        self.located = Located(code, message, path, hint, span)
