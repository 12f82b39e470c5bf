"""The real CDK CLI (node_modules/.bin/cdk) against a moto server: bootstrap, deploy, destroy.

Every call gets the emulator environment (fake credentials, endpoints on localhost, no
telemetry, no version check, no metadata service) and ``--no-notices``; nothing it does can
reach AWS. Output goes to a log file; a failure shows its last lines.
"""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from compiler.deploy.env import REGION, cdk_binary, emulator_env

TIMEOUT = 600.0


class CdkError(Exception):
    """A CDK CLI step failed; the message carries the command and the end of its output."""


@dataclass
class CdkCli:
    port: int
    workdir: Path  # cloud assembly and logs (never the project's cdk.out)
    root: Path  # the spec's project (cdk.json, node_modules: compiler.project), else the spec's folder
    timeout: float = TIMEOUT

    @property
    def outdir(self) -> Path:
        return self.workdir / "cdk.out"

    @property
    def log_path(self) -> Path:
        return self.workdir / "cdk.log"

    def app(self) -> str:
        """The app command of the project's cdk.json (run from its folder, as `cdk` would); a spec
        outside any project runs the packaged app with this Python."""
        config_file = self.root / "cdk.json"
        if not config_file.is_file():
            return f"{shlex.quote(sys.executable)} -m compiler.cdk_app"
        app: str = json.loads(config_file.read_text(encoding="utf-8"))["app"]
        return app

    def binary(self) -> Path:
        """The project's pinned CDK CLI, else the ``cdk`` on PATH."""
        local = cdk_binary(self.root)
        found = shutil.which("cdk")
        if local.exists() or found is None:
            return local
        return Path(found)

    def run(self, step: str, args: list[str]) -> float:
        binary = self.binary()
        if not binary.exists():
            raise CdkError(f"{binary} is missing: run `npm ci` in {self.root} (it installs the pinned CDK CLI)")
        command = [str(binary), *args, "--no-notices", "--no-color"]
        self.workdir.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        with self.log_path.open("a", encoding="utf-8") as log:
            log.write(f"$ cdk {' '.join(args)}\n")
            log.flush()
            try:
                proc = subprocess.run(command, cwd=self.root, env=emulator_env(self.port, root=self.root),
                                      stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                      timeout=self.timeout, check=False, start_new_session=True)
            except subprocess.TimeoutExpired as exc:
                raise CdkError(f"cdk {step} did not finish within {self.timeout:.0f} s") from exc
        elapsed = time.perf_counter() - start
        if proc.returncode != 0:
            raise CdkError(f"cdk {step} exited {proc.returncode}:\n{self.tail()}")
        return elapsed

    def tail(self, lines: int = 25) -> str:
        text = self.log_path.read_text(encoding="utf-8", errors="replace").rstrip().splitlines()
        return "\n".join(f"  | {line}" for line in text[-lines:])

    def bootstrap(self, account: str) -> float:
        # An explicit environment: without one the CLI synthesizes the app just to find it. Its
        # own --output: the CLI locks the output folder, and another CLI may be using ./cdk.out.
        return self.run("bootstrap", ["bootstrap", f"aws://{account}/{REGION}", "--output", str(self.outdir)])

    def deploy(self, spec: Path, stack: str, context: dict[str, str]) -> float:
        args = ["deploy", stack, "--app", self.app(), "--output", str(self.outdir),
                "--require-approval", "never", "--method=direct", "-c", f"spec={spec}"]
        for name, value in context.items():
            args += ["-c", f"{name}={value}"]
        return self.run("deploy", args)

    def synth(self, spec: Path, stack: str, context: dict[str, str]) -> float:
        args = ["synth", stack, "--app", self.app(), "--output", str(self.outdir), "--quiet", "-c", f"spec={spec}"]
        for name, value in context.items():
            args += ["-c", f"{name}={value}"]
        return self.run("synth", args)

    def deploy_assembly(self, stack: str) -> float:
        """Deploy the assembly already in ``outdir`` (after ``synth``), as it is now."""
        return self.run("deploy", ["deploy", stack, "--app", str(self.outdir), "--require-approval", "never",
                                   "--method=direct"])

    def destroy(self, stack: str) -> float:
        # The assembly the deploy wrote is the app: no second synth.
        return self.run("destroy", ["destroy", stack, "--app", str(self.outdir), "--force"])
