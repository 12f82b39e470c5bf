"""jsonata-python, imported on first use.

Most specs hold no JSONata, and ``compiler validate`` starts cold: importing the library costs more
than validating the seed does, so it waits until an expression is parsed or evaluated.
"""

from __future__ import annotations

from functools import cache
from types import SimpleNamespace


@cache
def lib() -> SimpleNamespace:
    from jsonata import Jsonata
    from jsonata.jexception import JException
    from jsonata.utils import Utils

    return SimpleNamespace(Jsonata=Jsonata, JException=JException, Utils=Utils)
