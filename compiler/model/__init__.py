"""The spec's pydantic models: the one validator of shape, and the source of schema/.

The model modules do not use ``from __future__ import annotations``: pydantic would then evaluate
every field's annotation from its text (a compile per field, ~2.5 % of a cold ``validate``).
Annotations are objects when the class is made; only forward references are quoted. For the same
reason empty defaults are written ``= []`` / ``= {}`` (pydantic copies them for each instance):
``default_factory=list`` makes pydantic parse ``list``'s text signature once per field.
"""

from compiler.model.build import build_spec
from compiler.model.spec import Spec

__all__ = ["Spec", "build_spec"]
