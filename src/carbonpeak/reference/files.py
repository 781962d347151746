"""Access to the reference files shipped in ``carbonpeak/data``."""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable

__all__ = ["data_file"]


def data_file(*parts: str) -> Traversable:
    """A file under the package's ``data`` folder, e.g. ``data_file("reference", "regions.csv")``."""
    return resources.files("carbonpeak").joinpath("data", *parts)
