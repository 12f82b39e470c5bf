"""The command line disables pydantic plugins without importing pydantic's plugin loader."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Validates the seed spec as `compiler validate` does, then reports what the process imported.
PROGRAM = textwrap.dedent("""
    import json, sys
    from compiler.pydantic_plugins import disable
    disable()
    from compiler.cli import main
    code = main(["validate", "workflow.yaml"])
    loader = sys.modules.get("pydantic.plugin._loader")
    print(json.dumps({
        "code": code,
        "loader": getattr(loader, "__name__", None),
        "metadata": "importlib.metadata" in sys.modules,
        "plugins": list(loader.get_plugins()) if loader else None,
    }))
""")


def _run(**env: str) -> dict[str, object]:
    environ = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"} | env
    done = subprocess.run([sys.executable, "-c", PROGRAM], capture_output=True, text=True, cwd=ROOT,
                          env=environ, timeout=120)
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return result


def test_pydantic_asks_our_loader_and_importlib_metadata_is_never_imported() -> None:
    seen = _run()
    assert seen == {"code": 0, "loader": "compiler.pydantic_plugins", "metadata": False, "plugins": []}


def test_a_user_who_names_plugins_to_disable_keeps_pydantics_loader() -> None:
    # Only some plugins disabled: pydantic's own loader must look for the others.
    seen = _run(PYDANTIC_DISABLE_PLUGINS="logfire")
    assert seen["loader"] == "pydantic.plugin._loader"
    assert seen["metadata"] is True
    assert seen["code"] == 0


def test_our_answer_is_the_one_pydantic_gives_with_every_plugin_disabled() -> None:
    program = ("import os; os.environ['PYDANTIC_DISABLE_PLUGINS'] = '__all__'\n"
               "from pydantic.plugin._loader import get_plugins\n"
               "from compiler import pydantic_plugins\n"
               "print(list(get_plugins()) == list(pydantic_plugins.get_plugins()) == [])")
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.stdout.strip() == "True", done.stderr
