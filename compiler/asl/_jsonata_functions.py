"""The functions AWS adds to JSONata in Step Functions, as jsonata-python lambdas.

``$partition``, ``$range``, ``$hash``, ``$random([seed])``, ``$uuid``, ``$parse`` (docs: "Transforming
data with JSONata", "Step Functions provided functions"); results pinned by the recorded cases
``array_jsonata__*`` and ``json_manipulation_jsonata__*``.
"""

from __future__ import annotations

import hashlib
import json
import random
import uuid
from typing import Any

from compiler.asl._jsonata_lib import lib

AWS_FUNCTIONS = ("partition", "range", "hash", "random", "uuid", "parse")
HASH_ALGORITHMS = {"MD5": "md5", "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384", "SHA-512": "sha512"}


class FunctionError(Exception):
    """A failure inside one of AWS's functions, worded like JSONata's own errors."""


def aws_functions(rng: random.Random | None) -> dict[str, Any]:
    source = rng if rng is not None else random.Random()

    def partition(array: Any, size: Any) -> Any:
        items = _plain_list(array, "$partition")
        step = _positive_int(size, "$partition")
        return [items[i:i + step] for i in range(0, len(items), step)]

    def range_(start: Any, end: Any, step: Any = 1) -> Any:
        first, last, by = (_number(v, "$range") for v in (start, end, step))
        if by == 0:
            raise FunctionError("D3001: $range step must not be 0")
        out: list[Any] = []
        value = first
        while (by > 0 and value <= last) or (by < 0 and value >= last):
            out.append(value)
            value += by
        # A JSONata sequence: one item collapses to the item, as recorded ($range(1, 9, 9) gives 1).
        seq = lib().Utils.create_sequence()
        seq.extend(out)
        return seq

    def hash_(value: Any, algorithm: Any = "SHA-256") -> Any:
        name = HASH_ALGORITHMS.get(str(algorithm))
        if name is None or not isinstance(value, str):
            raise FunctionError(f"T0410: $hash expects a string and one of {', '.join(HASH_ALGORITHMS)}")
        return hashlib.new(name, value.encode("utf-8")).hexdigest()

    def random_(seed: Any = None) -> Any:
        return random.Random(seed).random() if seed is not None else source.random()

    def uuid_() -> Any:
        return str(uuid.UUID(int=source.getrandbits(128), version=4))

    def parse(text: Any) -> Any:
        if not isinstance(text, str):
            raise FunctionError("T0410: $parse expects a string")
        try:
            return to_jsonata(json.loads(text))
        except ValueError as exc:
            raise FunctionError(f"$parse: the string is not JSON ({exc})") from None

    functions = {"partition": partition, "range": range_, "hash": hash_, "random": random_,
                 "uuid": uuid_, "parse": parse}
    return {name: lib().Jsonata.JLambda(fn) for name, fn in functions.items()}


def _plain_list(value: Any, name: str) -> list[Any]:
    if isinstance(value, list):
        return list(value)
    if value is None or value is lib().Utils.NULL_VALUE:
        raise FunctionError(f"T0410: {name} expects an array")
    return [value]  # JSONata treats a single value as a one-item array


def _number(value: Any, name: str) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise FunctionError(f"T0410: {name} expects numbers")
    return value


def _positive_int(value: Any, name: str) -> int:
    number = _number(value, name)
    if number < 1 or int(number) != number:
        raise FunctionError(f"{name} expects a positive whole size")
    return int(number)


def to_jsonata(value: Any) -> Any:
    """JSON -> jsonata-python: JSON null must stay distinguishable from undefined (Python None)."""
    if value is None:
        return lib().Utils.NULL_VALUE
    if isinstance(value, dict):
        return {key: to_jsonata(item) for key, item in value.items()}
    if isinstance(value, list):
        return [to_jsonata(item) for item in value]
    return value
