"""The command line's answer to pydantic's plugin lookup: no plugins, found without a search.

pydantic asks ``pydantic.plugin._loader.get_plugins()`` before it builds any validator. With
``PYDANTIC_DISABLE_PLUGINS`` set that function returns no plugins, but its module still imports
``importlib.metadata`` (and with it ``email``, ``zipfile``, ``csv``...): about 4 % of a cold
``compiler validate``, spent on plugins it then ignores. ``disable`` puts this module in the
loader's place when plugins are disabled, so the answer is the same and the import is skipped.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from typing import Any

_LOADER = "pydantic.plugin._loader"
_DISABLED = ("__all__", "1", "true")  # the values pydantic's loader reads as "no plugins at all"


def get_plugins(*_args: Any, **_kwargs: Any) -> Iterable[Any]:
    """What pydantic's ``get_plugins`` returns when every plugin is disabled."""
    return ()


def disable() -> None:
    """Disable pydantic plugins for this process (unless the environment chose otherwise)."""
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    if os.environ["PYDANTIC_DISABLE_PLUGINS"] in _DISABLED and _LOADER not in sys.modules:
        sys.modules[_LOADER] = sys.modules[__name__]
