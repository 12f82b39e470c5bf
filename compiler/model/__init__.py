"""The spec's pydantic models: the one validator of shape, and the source of schema/."""

from compiler.model.build import build_spec
from compiler.model.spec import Spec

__all__ = ["Spec", "build_spec"]
