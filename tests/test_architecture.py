"""The import rule of ARCHITECTURE.md: layers point down, siblings are independent, no package cycle.

The layer order is read from the ``layers`` block of ARCHITECTURE.md (the document is the rule), and
every ``import`` in ``compiler/`` is read with ``ast``: module level, inside functions and under
``TYPE_CHECKING`` alike.
"""

from __future__ import annotations

import ast
import graphlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DOC = REPO / "ARCHITECTURE.md"


def _block(name: str) -> list[str]:
    match = re.search(rf"^```{name}\n(.*?)^```", DOC.read_text(encoding="utf-8"), re.M | re.S)
    assert match, f"ARCHITECTURE.md has no ```{name} block"
    return [line.strip() for line in match.group(1).splitlines() if line.strip()]


def layers() -> list[list[str]]:
    """The layers, highest first, each a list of package names."""
    return [[name.strip() for name in line.split("|")] for line in _block("layers")]


def forbidden() -> list[tuple[str, str]]:
    rules = []
    for line in _block("forbidden"):
        sources, targets = line.split("->")
        rules += [(s, t) for s in sources.split() for t in targets.split()]
    return rules


def packages(root: Path = REPO) -> set[str]:
    """Top-level packages and modules of ``compiler`` (``compiler/emit`` -> ``emit``)."""
    package = root / "compiler"
    names = {p.name for p in package.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    names |= {p.stem for p in package.glob("*.py") if p.stem != "__init__"}
    return names


def imports(root: Path = REPO) -> Iterator[tuple[str, str, str]]:
    """(importing package, imported package, where) for every import between two packages."""
    top = packages(root)
    for file in sorted((root / "compiler").rglob("*.py")):
        parts = list(file.relative_to(root).with_suffix("").parts)
        module = parts[:-1] if parts[-1] == "__init__" else parts
        if len(module) < 2:
            continue  # compiler/__init__.py
        source = module[1]
        tree = ast.parse(file.read_text(encoding="utf-8"), str(file))
        for node in ast.walk(tree):
            targets: list[list[str]] = []
            if isinstance(node, ast.Import):
                targets = [alias.name.split(".") for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    package = module if file.name == "__init__.py" else module[:-1]
                    base = package[: len(package) - node.level + 1]
                else:
                    base = []
                base = base + (node.module.split(".") if node.module else [])
                # `from compiler import diagnostics` imports the module `compiler.diagnostics`.
                targets = [[*base, alias.name] if base == ["compiler"] else base for alias in node.names]
            for target in targets:
                if len(target) >= 2 and target[0] == "compiler" and target[1] in top and target[1] != source:
                    yield source, target[1], f"{file.relative_to(root)}:{node.lineno}"


def test_every_package_has_a_layer() -> None:
    placed = {name for layer in layers() for name in layer}
    missing = sorted(packages() - placed)
    assert not missing, f"add {missing} to the ```layers block of ARCHITECTURE.md (which line may it import?)"


def test_layers_point_down_and_siblings_are_independent() -> None:
    rank = {name: index for index, layer in enumerate(layers()) for name in layer}
    wrong = []
    for source, target, where in imports():
        if source not in rank or target not in rank:
            continue  # reported by test_every_package_has_a_layer
        if rank[target] < rank[source]:
            wrong.append(f"{where}: {source} imports {target}, a higher layer")
        elif rank[target] == rank[source]:
            wrong.append(f"{where}: {source} imports {target}, a sibling on the same layer")
    assert not wrong, "\n".join(wrong)


def test_forbidden_imports() -> None:
    rules = set(forbidden())
    wrong = [f"{where}: {s} imports {t}" for s, t, where in imports() if (s, t) in rules]
    assert not wrong, "\n".join(wrong)


def test_no_package_cycle() -> None:
    graph: dict[str, set[str]] = {}
    for source, target, _ in imports():
        graph.setdefault(source, set()).add(target)
    try:
        tuple(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError as exc:
        pytest.fail(f"package cycle: {' -> '.join(exc.args[1])}")


def test_checks_do_not_import_emit() -> None:
    assert not [where for source, target, where in imports() if (source, target) == ("checks", "emit")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("from compiler.emit.stack import WorkflowStack", ("emit",)),
        ("from compiler import diagnostics as codes", ("diagnostics",)),
        ("from ..lower.asl import pascal", ("lower",)),
        ("import compiler.pipeline", ("pipeline",)),
        ("def f():\n    from compiler.formats import FORMATTERS", ("formats",)),
    ],
)
def test_the_reader_sees_each_import_form(tmp_path: Path, text: str, expected: tuple[str, ...]) -> None:
    # A package layout with one planted module: the reader must find its import.
    package = tmp_path / "compiler"
    (package / "checks").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "checks" / "__init__.py").write_text("")
    (package / "checks" / "planted.py").write_text(text + "\n")
    for name in ("emit", "diagnostics", "lower", "pipeline", "formats"):
        (package / f"{name}.py").write_text("")
    assert tuple(target for source, target, _ in imports(tmp_path) if source == "checks") == expected
