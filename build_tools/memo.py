"""Keep a stage's last result while it is called with the very same inputs.

Between the rebuilds of one `mkdocs serve`, unchanged papers, concept pages
and notes come back as the same objects (see `read.read_paper` and
`file_cache`), and every model object is immutable, so a stage given the
same objects would compute the same result. Identity, not equality: it costs
nothing to check, and a changed input is always a new object.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def last_result_while_inputs_are_the_same(function: Callable[P, R]) -> Callable[P, R]:
    kept: list[tuple[tuple[Any, ...], R]] = []

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        inputs = (*args, *sorted(kwargs.items()))
        if kept and _same(kept[0][0], inputs):
            return kept[0][1]
        result = function(*args, **kwargs)
        kept[:] = [(tuple(_frozen(a) for a in inputs), result)]
        return result

    return wrapper


def _frozen(value: Any) -> Any:
    # A list argument could be changed by the caller after the call.
    return tuple(value) if isinstance(value, list) else value


def _same(kept: tuple[Any, ...], inputs: tuple[Any, ...]) -> bool:
    return len(kept) == len(inputs) and all(_same_value(a, b) for a, b in zip(kept, inputs, strict=True))


def _same_value(kept: Any, value: Any) -> bool:
    if isinstance(value, tuple | list) and isinstance(kept, tuple):
        return len(kept) == len(value) and all(a is b for a, b in zip(kept, value, strict=True))
    return kept is value
