"""``LogType: Tail`` of lambda:invoke: the end of the invocation's log, base64-encoded (``LogResult``).

Lambda writes ``START``, what the function printed, ``END`` and ``REPORT`` lines to the log stream,
and with ``LogType: Tail`` returns its last 4 KB in ``LogResult`` and the ``X-Amz-Log-Result`` header.
Here the handler's stdout and stderr are copied (they still reach the terminal) while it runs. The
``REPORT`` line gives the measured duration, the billed duration (rounded up to a millisecond) and
the configured memory; the memory used is not measured, so it is not reported.
"""

from __future__ import annotations

import base64
import contextlib
import io
import math
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, TextIO

TAIL_BYTES = 4096


class _Tee(io.TextIOBase):
    def __init__(self, first: TextIO, second: io.StringIO) -> None:
        self._first, self._second = first, second

    def write(self, text: str) -> int:
        self._second.write(text)
        return self._first.write(text)

    def flush(self) -> None:
        self._first.flush()


@dataclass
class LogTail:
    request_id: str
    memory: int
    enabled: bool = True
    printed: io.StringIO = field(default_factory=io.StringIO)
    duration_ms: float = 0.0

    def added_to(self, response: dict[str, Any]) -> dict[str, Any]:
        """Invoke's response with ``LogResult`` and its header (as AWS records them); unchanged when not asked."""
        return with_log_result(response, self.result()) if self.enabled else response

    def result(self) -> str:
        text = self.printed.getvalue()
        if text and not text.endswith("\n"):
            text += "\n"
        log = (f"START RequestId: {self.request_id} Version: $LATEST\n{text}END RequestId: {self.request_id}\n"
               f"REPORT RequestId: {self.request_id}\tDuration: {self.duration_ms:.2f} ms\t"
               f"Billed Duration: {max(1, math.ceil(self.duration_ms))} ms\tMemory Size: {self.memory} MB\t\n")
        return base64.b64encode(log.encode("utf-8")[-TAIL_BYTES:]).decode("ascii")


@contextlib.contextmanager
def tail_log(request_id: str, memory: int, *, enabled: bool = True) -> Iterator[LogTail]:
    tail = LogTail(request_id, memory, enabled)
    if not enabled:
        yield tail
        return
    started = time.perf_counter()
    out: Any = _Tee(sys.stdout, tail.printed)
    err: Any = _Tee(sys.stderr, tail.printed)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            yield tail
    finally:
        tail.duration_ms = (time.perf_counter() - started) * 1000


def with_log_result(response: dict[str, Any], log_result: str) -> dict[str, Any]:
    """The response of an invocation with ``LogType: Tail`` (recorded by AWS): ``LogResult`` and its header."""
    metadata = response["SdkHttpMetadata"]
    metadata["HttpHeaders"]["X-Amz-Log-Result"] = log_result
    metadata["AllHttpHeaders"]["X-Amz-Log-Result"] = [log_result]
    return {"ExecutedVersion": response["ExecutedVersion"], "LogResult": log_result,
            **{k: v for k, v in response.items() if k != "ExecutedVersion"}}
