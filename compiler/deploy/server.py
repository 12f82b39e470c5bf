"""A moto server on localhost, in its own process group, always stopped by its owner.

A subprocess rather than moto's ThreadedMotoServer: ``deploy-local --keep`` leaves the
emulator running after the command exits, and a process group can be killed whole
(werkzeug's reloader or a hung request cannot outlive ``stop``).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compiler.deploy.env import FAKE_CREDENTIALS, NO_NETWORK, endpoint_url

HOST = "localhost"
# Set explicitly, both ways on purpose. moto 5.2.5 keeps machines created by CloudFormation in
# its plain Step Functions backend; with execute_state_machine on, the API reads the other
# (executing) backend and those machines cannot be described, listed or executed at all. So
# it stays off for a deploy (executions then stay RUNNING; `compiler run` executes the same
# ASL locally). Lambda invocations (CDK's custom resources) echo instead of probing Docker.
EMULATOR_CONFIG: dict[str, Any] = {
    "stepfunctions": {"execute_state_machine": False},
    "lambda": {"use_docker": False},
}
START_TIMEOUT = 60.0


class ServerError(Exception):
    """The emulator could not be started (a clear message for the user, not a traceback)."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class MotoServer:
    port: int = 0
    log_path: Path | None = None
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return endpoint_url(self.port)

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    def start(self, timeout: float = START_TIMEOUT) -> MotoServer:
        if self.port == 0:
            self.port = free_port()
        if self.log_path is None:
            handle, name = tempfile.mkstemp(prefix=f"moto-{self.port}-", suffix=".log")
            os.close(handle)
            self.log_path = Path(name)
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_ENDPOINT_URL")}
        env.update(FAKE_CREDENTIALS)
        env.update(NO_NETWORK)
        with self.log_path.open("ab") as log:
            # A file, not a pipe: nobody drains a pipe once `--keep` has returned.
            self.process = subprocess.Popen(
                [sys.executable, "-m", "moto.server", "-H", HOST, "-p", str(self.port)],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,  # its own process group: stop() kills all of it
            )
        try:
            self._wait_ready(timeout)
            self.configure(EMULATOR_CONFIG)
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise ServerError(f"moto server exited with {self.process.returncode}: {self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/moto-api/data.json", timeout=2):
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.1)
        raise ServerError(f"moto server on port {self.port} did not answer within {timeout:.0f} s")

    def configure(self, config: dict[str, Any]) -> dict[str, Any]:
        request = urllib.request.Request(
            f"{self.url}/moto-api/config",
            data=json.dumps(config).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            answer: dict[str, Any] = json.loads(response.read() or b"{}")
            return answer

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, timeout: float = 10.0) -> None:
        """Kill the server's whole process group; safe to call twice or after a failed start."""
        process = self.process
        if process is None:
            return
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout)
        self.process = None

    def log_tail(self, lines: int = 5) -> str:
        if self.log_path is None or not self.log_path.exists():
            return ""
        text = self.log_path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
        return " | ".join(text[-lines:])


@contextlib.contextmanager
def running_server(port: int = 0) -> Iterator[MotoServer]:
    """A started server that is stopped on the way out, whatever happened inside."""
    server = MotoServer(port=port)
    try:
        yield server.start()
    finally:
        server.stop()
