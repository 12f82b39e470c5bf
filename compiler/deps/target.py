"""The Lambda platform a dependency build is for: Python version, architecture, wheel tags."""

from __future__ import annotations

from typing import NamedTuple

# Runtimes on Amazon Linux 2023 (glibc 2.34); the older Python runtimes run on Amazon Linux 2
# (glibc 2.26). A wheel may use any manylinux tag up to the runtime's glibc.
_GLIBC = {"python3.9": 26, "python3.10": 26, "python3.11": 26, "python3.12": 34, "python3.13": 34}
MACHINES = {"x86_64": "x86_64", "arm64": "aarch64"}


class Target(NamedTuple):
    runtime: str  # python3.12
    architecture: str  # x86_64 | arm64

    @property
    def python_version(self) -> str:
        return self.runtime.removeprefix("python")

    @property
    def machine(self) -> str:
        return MACHINES[self.architecture]

    @property
    def platforms(self) -> list[str]:
        """Every manylinux tag the runtime's glibc accepts, newest first.

        pip expands the legacy ``manylinux2014`` alias but not ``manylinux_2_N`` downwards, and
        NumPy 2.3+ ships only ``manylinux_2_27``/``_2_28`` wheels: each tag is listed.
        """
        newest = _GLIBC[self.runtime]
        tags = [f"manylinux_2_{minor}_{self.machine}" for minor in range(newest, 16, -1)]
        return [*tags, f"manylinux2014_{self.machine}"]

    @property
    def extension_suffix(self) -> str:
        """The tag of the runtime's extension modules: ``cpython-312-x86_64-linux-gnu``."""
        return f"cpython-{self.python_version.replace('.', '')}-{self.machine}-linux-gnu"

    def __str__(self) -> str:
        return f"{self.runtime} {self.architecture}"


def is_python(runtime: str) -> bool:
    return runtime in _GLIBC
