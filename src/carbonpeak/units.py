"""The single pint unit registry of carbonpeak and the unit vocabulary of the statistics.

Units are types: one registry loaded from ``data/units.txt`` (methods.md §0). CO2 is its own
dimension; money at constant prices carries its base year as a dimension.
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from typing import Any

import pint

from carbonpeak.errors import UnitError

__all__ = ["conversion_factor", "convert", "normalise_unit", "ureg"]


def _build_registry() -> pint.UnitRegistry[Any]:
    registry: pint.UnitRegistry[Any] = pint.UnitRegistry[Any](autoconvert_offset_to_baseunit=True)
    path = resources.files("carbonpeak").joinpath("data/units.txt")
    with resources.as_file(path) as real_path:
        registry.load_definitions(str(real_path))
    return registry


ureg = _build_registry()


# Spellings used by Chinese statistics and by our source files, mapped to pint expressions.
_ALIASES: dict[str, str] = {
    "10^4 tce": "1e4 * tce",
    "10k tce": "1e4 * tce",
    "万吨标准煤": "1e4 * tce",
    "10^4 t": "1e4 * t",
    "10^4 ton": "1e4 * t",
    "10k t": "1e4 * t",
    "万吨": "1e4 * t",
    "10^8 m3": "1e8 * m**3",
    "10^8 m³": "1e8 * m**3",
    "亿立方米": "1e8 * m**3",
    "10^8 kWh": "1e8 * kWh",
    "100 GWh": "1e8 * kWh",
    "100 GWh (1e8 kWh)": "1e8 * kWh",
    "亿千瓦时": "1e8 * kWh",
    "10^10 kJ": "1e10 * kJ",
    "Mt CO2": "MtCO2",
    "Mt": "MtCO2",
    "t CO2": "tCO2",
    "100 million CNY": "1e8 * yuan",
    "亿元": "1e8 * yuan",
    "10k persons": "1e4 * person",
    "10^4 persons": "1e4 * person",
    "万人": "1e4 * person",
    "%": "percent",
}

_CONSTANT_PRICE = re.compile(r"^100 million CNY \(constant (\d{4})\)$")


@functools.lru_cache(maxsize=512)
def normalise_unit(text: str) -> Any:
    """Parse a unit as written in statistics (``"10^4 tce"``, ``"亿元"``) into pint.

    Raises
    ------
    UnitError
        If the unit is not known.
    """
    spelled = text.strip()
    match = _CONSTANT_PRICE.match(spelled)
    expr = f"1e8 * yuan_{match.group(1)}" if match else _ALIASES.get(spelled, spelled)
    try:
        return ureg.parse_expression(expr)
    except (pint.errors.UndefinedUnitError, pint.errors.DefinitionSyntaxError, AttributeError, TypeError) as exc:
        raise UnitError(f"unknown unit {text!r}") from exc


@functools.lru_cache(maxsize=1024)
def conversion_factor(from_unit: str, to_unit: str) -> float:
    """Multiplier that converts a value in ``from_unit`` into ``to_unit``.

    Raises
    ------
    UnitError
        If a unit is unknown or the two are not of the same dimension (e.g. t of coal to tce,
        which needs a named standard-coal coefficient, or tCO2 to t).
    """
    src = ureg.Quantity(1, "") * normalise_unit(from_unit)
    dst = ureg.Quantity(1, "") * normalise_unit(to_unit)
    try:
        return float((src / dst).to("dimensionless").magnitude)
    except pint.errors.DimensionalityError as exc:
        raise UnitError(
            f"cannot convert {from_unit!r} ({src.dimensionality}) to {to_unit!r} ({dst.dimensionality}); "
            "a conversion between different quantities needs a named coefficient"
        ) from exc


def convert(value: float, from_unit: str, to_unit: str) -> float:
    """Convert one number between units (see :func:`conversion_factor`)."""
    return value * conversion_factor(from_unit, to_unit)
