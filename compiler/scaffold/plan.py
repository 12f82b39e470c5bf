"""What ``compiler init`` writes, as ``relative path -> bytes``: computed in memory, written once.

An example is a spec with its handler folders, taken from the package (compiler/bundled): the
seed is this repository's own ``workflow.yaml`` and ``handlers/``; the others are folders of
``examples/``. Around it go the schema (rendered from the models, as ``compiler schema``
writes it), ``cdk.json`` (the app is the installed package, the context the pinned feature
flags), the npm pins, ``requirements.txt`` pinning this tool, ``.gitignore``, a GitHub workflow
and a pre-commit config.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from compiler import __version__
from compiler.packaged import BUNDLED, cdk_context, python_pins
from compiler.scaffold.npm import package_files

SPEC = "workflow.yaml"
SCHEMA = "schema/workflow.schema.json"
TEST_SCHEMA = "schema/workflow-test.schema.json"
SCHEMA_LINE = re.compile(rb"^(# yaml-language-server: \$schema=)\S+", re.MULTILINE)
TESTS = "tests/workflow"  # where `compiler test` finds the test files of the workflow.yaml two folders up
DISTRIBUTION = "sfn-workflow-compiler"
SKIPPED_DIRS = {"__pycache__", ".pytest_cache", "node_modules", "cdk.out"}
APP = "compiler-cdk-app"  # the entry point of compiler.cdk_app (pyproject.toml)


@dataclass(frozen=True)
class Example:
    folder: str  # under compiler/bundled; the example's workflow.yaml and handlers/ are in it
    description: str
    handler_packages: tuple[str, ...] = ()  # what its handlers import, for `compiler run`


EXAMPLES = {
    "minimal": Example("examples/minimal", "one function and one state machine"),
    "seed": Example(".", "the seed blog post's nested workflow (S3, IAM, four functions, two machines)",
                    ("numpy",)),
    "orders": Example("examples/orders", "an order saga: DynamoDB table, SQS queue, SNS topic, event bus, KMS key"),
}


def available() -> list[str]:
    """The examples this build ships (an example whose folder is not bundled is left out)."""
    return sorted(name for name, ex in EXAMPLES.items() if (BUNDLED / ex.folder / SPEC).is_file())


def _example_files(example: Example) -> dict[str, bytes]:
    folder = BUNDLED / example.folder
    found: dict[str, bytes] = {SPEC: (folder / SPEC).read_bytes()}
    # The seed lives at the repository's top: its handlers and workflow tests are linked one by one.
    roots = {"handlers": folder / "handlers", "layers": folder / "layers", TESTS: folder / "workflow-tests"} \
        if example.folder == "." \
        else {"": folder}
    for prefix, root in roots.items():
        for path in sorted(root.rglob("*")):
            relative = path.relative_to(root)
            if path.is_file() and path.suffix != ".pyc" and not SKIPPED_DIRS & set(relative.parts):
                name = f"{prefix}/{relative.as_posix()}".lstrip("/")
                # An example keeps its tests in workflow-tests/ (out of this repository's discovery).
                name = TESTS + name.removeprefix("workflow-tests") if name.startswith("workflow-tests/") else name
                found.setdefault(name, path.read_bytes())
    # Schema lines point at the schemas this project holds, wherever the example lived.
    for name, content in found.items():
        if name == SPEC:
            found[name] = SCHEMA_LINE.sub(rb"\g<1>" + SCHEMA.encode(), content, count=1)
        elif name.startswith(TESTS + "/"):
            found[name] = SCHEMA_LINE.sub(rb"\g<1>../../" + TEST_SCHEMA.encode(), content, count=1)
    return found


def _template(name: str) -> bytes:
    return files("compiler.scaffold").joinpath("templates", name).read_bytes()


def cdk_json() -> str:
    # "aws:" keys are reserved (the CLI warns about them); compiler.cdk_app sets those itself.
    context = {k: v for k, v in cdk_context().items() if not k.startswith("aws:")}
    config = {
        "app": APP,
        "watch": {"include": ["workflow.yaml", "handlers/**"], "exclude": ["**/__pycache__", "**/*.pyc"]},
        "context": context,
    }
    return json.dumps(config, indent=2) + "\n"


def requirements(example: Example) -> str:
    pins = python_pins()
    lines = ["# This tool and the CDK libraries it synthesizes with (`pip install -r requirements.txt`).",
             f"{DISTRIBUTION}[cdk]=={__version__}"]
    for package in example.handler_packages:
        lines.append(f"{package}=={pins[package]}  # imported by the handlers (for compiler run)"
                     if package in pins else package)
    return "\n".join(lines) + "\n"


def plan(example_name: str, folder_name: str) -> dict[str, bytes]:
    """Every file of a new project, by path relative to its folder."""
    from compiler.schema_gen import render_schema
    from compiler.testing.schema import render_test_schema

    example = EXAMPLES[example_name]
    planned = _example_files(example)
    planned[SCHEMA] = render_schema().encode()
    planned[TEST_SCHEMA] = render_test_schema().encode()
    planned["cdk.json"] = cdk_json().encode()
    for name, text in package_files(folder_name).items():
        planned[name] = text.encode()
    planned["requirements.txt"] = requirements(example).encode()
    planned[".gitignore"] = _template("gitignore")
    planned[".github/workflows/workflow.yml"] = _template("github-workflow.yml")
    planned[".pre-commit-config.yaml"] = _template("pre-commit-config.yaml")
    return dict(sorted(planned.items()))


def conflicts(target: Path, planned: dict[str, bytes]) -> list[str]:
    """Planned files that exist in ``target`` with other content (identical ones are no conflict)."""
    found = []
    for relative, content in planned.items():
        path = target / relative
        if path.exists() and (not path.is_file() or path.read_bytes() != content):
            found.append(relative)
    return found


def write(target: Path, planned: dict[str, bytes]) -> None:
    for relative, content in planned.items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
