"""Lazy re-exports for the subpackages (PEP 562).

A subpackage names its entry points in its `__init__` without importing the modules that hold
them: importing `screening.engine.preview` must not load Presidio, spaCy or the name model just
because `screening.engine` also offers `Screener`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def lazy_exports(package: str, exports: dict[str, str]) -> Callable[[str], Any]:
    """A module `__getattr__` that imports `package.<module>` on first use of one of its names.

    `exports` maps each public name to the submodule (relative to `package`) that defines it.
    """

    def __getattr__(name: str) -> Any:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{module}"), name)

    return __getattr__
