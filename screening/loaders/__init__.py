"""The registry of list formats: ``--format`` of ``load_sanctions_list`` names one.

A new format is a module in this package with a :class:`~screening.loaders.base.Loader`
subclass decorated with ``@register``, plus an import line at the bottom of this file.
"""

from __future__ import annotations

from screening.exceptions import UnknownListFormat
from screening.loaders.base import Loader

_REGISTRY: dict[str, type[Loader]] = {}


def register(cls: type[Loader]) -> type[Loader]:
    if not cls.format:
        raise ValueError(f"{cls.__name__} has no format name")
    if cls.format in _REGISTRY and _REGISTRY[cls.format] is not cls:
        raise ValueError(f"format {cls.format!r} is already registered by {_REGISTRY[cls.format].__name__}")
    _REGISTRY[cls.format] = cls
    return cls


def get_loader(fmt: str) -> Loader:
    """A fresh loader for ``fmt``; raises UnknownListFormat naming the known formats."""
    try:
        return _REGISTRY[fmt]()
    except KeyError:
        known = ", ".join(sorted(_REGISTRY)) or "none"
        raise UnknownListFormat(f"Unknown list format {fmt!r}; known formats: {known}.")


def formats() -> list[str]:
    return sorted(_REGISTRY)


# Formats shipped with the project (each module registers itself on import).
from screening.loaders import (  # noqa: E402, F401
    eu_consolidated,
    ftm_jsonl,
    ofac_sdn,
    un_consolidated,
)
