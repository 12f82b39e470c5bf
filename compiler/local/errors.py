"""The two ways a local run stops before executing: the user's input is wrong, or the run cannot start."""

from __future__ import annotations

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class LocalError(Exception):
    """A problem the user must fix, reported as a message (never a traceback).

    ``exit_code`` 2 is a usage error (a malformed flag, an unreadable file); 1 means the
    inputs are well formed but the run cannot go ahead (an unknown resource, a bad spec).
    """

    def __init__(self, message: str, *, exit_code: int = EXIT_FAILED, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code
        self.hint = hint

    def __str__(self) -> str:
        return self.message if self.hint is None else f"{self.message}\n  hint: {self.hint}"


class UsageError(LocalError):
    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message, exit_code=EXIT_USAGE, hint=hint)
