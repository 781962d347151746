"""Emission-factor sets, grid factors, clinker defaults and the CEADs sector scheme (methods.md §8).

The sets live in ``data/reference/factor_sets/`` (a YAML manifest plus one CSV per set), so a factor is
chosen by name and version and never written in a formula. This module only reads and validates the
files; :mod:`carbonpeak.accounting.factors` turns the rows into numbers.
"""

from __future__ import annotations

import functools
import io
from typing import Final

import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict

from carbonpeak.core.schema import FUEL, SECTOR, UNIT, VALUE, YEAR
from carbonpeak.errors import NotFound
from carbonpeak.reference.files import data_file

__all__ = [
    "FACTOR_COLUMNS",
    "FactorSetInfo",
    "FactorSetRef",
    "coal_equivalents",
    "list_factor_sets",
    "load_ceads_sectors",
    "load_clinker_defaults",
    "load_factor_set",
    "load_grid_factors",
]

#: the columns of a factor-set frame (see factor_sets.yaml for their meaning)
FACTOR_COLUMNS: Final = (
    FUEL,
    SECTOR,
    "year_from",
    "year_to",
    VALUE,
    "co2_unit",
    "per_unit",
    "ncv",
    "ncv_unit",
    "carbon_content",
    "oxidation",
    "status",
    "note",
    "factor_set",
)
_FOLDER: Final = "factor_sets"


class FactorSetRef(BaseModel):
    """A factor set named by name and version."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    version: str


class FactorSetInfo(BaseModel):
    """One entry of ``factor_sets.yaml``: what a set is and where it comes from."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    version: str
    file: str
    title_en: str
    title_zh: str
    source: str
    grade: str
    complete_with: FactorSetRef | None = None

    @property
    def label(self) -> str:
        """``name@version``, the form stored in an observation's method."""
        return f"{self.name}@{self.version}"


class _Manifest(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    sectors_file: str
    sets: list[FactorSetInfo]


def _read_text(*parts: str) -> str:
    return data_file("reference", *parts).read_text(encoding="utf-8")


@functools.cache
def _manifest() -> _Manifest:
    return _Manifest.model_validate(yaml.safe_load(_read_text(_FOLDER, "factor_sets.yaml")))


def list_factor_sets() -> list[FactorSetInfo]:
    """Every factor set shipped with carbonpeak, in manifest order."""
    return list(_manifest().sets)


def _find(name: str, version: str | None) -> FactorSetInfo:
    matches = [s for s in _manifest().sets if s.name == name and (version is None or s.version == version)]
    if not matches:
        known = ", ".join(s.label for s in _manifest().sets)
        raise NotFound(f"no factor set {name!r}{'' if version is None else f' version {version!r}'}; known: {known}")
    return max(matches, key=lambda s: (len(s.version), s.version))


def _read_set(info: FactorSetInfo) -> pd.DataFrame:
    raw = pd.read_csv(io.StringIO(_read_text(_FOLDER, info.file)), dtype={SECTOR: "str", "note": "str"})
    frame = raw.reindex(columns=list(FACTOR_COLUMNS))
    frame[SECTOR] = frame[SECTOR].fillna("")
    frame["factor_set"] = info.label
    for column in ("year_from", "year_to"):
        frame[column] = frame[column].astype("Int64")
    for column in (VALUE, "ncv", "carbon_content", "oxidation"):
        frame[column] = frame[column].astype("float64")
    return frame


@functools.cache
def _load(name: str, version: str | None) -> tuple[FactorSetInfo, pd.DataFrame]:
    info = _find(name, version)
    rows = _read_set(info)
    if info.complete_with is not None:
        _, extra = _load(info.complete_with.name, info.complete_with.version)
        rows = pd.concat([rows, extra[~extra[FUEL].isin(rows[FUEL])]], ignore_index=True)
    return info, rows


def load_factor_set(name: str, version: str | None = None) -> tuple[FactorSetInfo, pd.DataFrame]:
    """A factor set by name (and version; the latest when None) with its provenance.

    Rows of the set named in ``complete_with`` are appended for fuels the set itself does not cover;
    the ``factor_set`` column says where each row came from.

    Raises
    ------
    NotFound
        If no set has this name (and version).
    """
    info, rows = _load(name, version)
    return info, rows.copy(deep=False)


@functools.cache
def _sectors() -> pd.DataFrame:
    frame = pd.read_csv(io.StringIO(_read_text(_FOLDER, _manifest().sectors_file)))
    for column in ("chemical", "receives_power_inputs"):
        frame[column] = frame[column].astype(bool)
    return frame


def load_ceads_sectors() -> pd.DataFrame:
    """The 47 CEADs sectors (45 economic sectors and 2 household rows) in inventory order.

    Columns ``position``, ``sector`` (the CO2-inventory spelling, used as the identifier),
    ``sector_energy_inventory`` (the energy inventory's spelling of the same row), ``name_zh``,
    ``group``, ``chemical`` (non-energy use is deducted from these) and ``receives_power_inputs``
    (the sector that takes the Thermal Power and Heating Supply inputs).
    """
    return _sectors().copy(deep=False)


@functools.cache
def _grid() -> pd.DataFrame:
    raw = pd.read_csv(io.StringIO(_read_text("grid_emission_factors_china.csv")))
    return pd.DataFrame(
        {
            "scope": raw["scope"],
            "region": raw["region"],
            YEAR: raw["data_year"].astype("int64"),
            "factor_type": raw["factor_type"],
            VALUE: raw["value"].astype("float64"),
            UNIT: raw["unit"],
            "publisher": raw["publisher"],
            "source_url": raw["source_url"],
        }
    )


def load_grid_factors() -> pd.DataFrame:
    """Grid CO2 factors by year and region (SOURCES.md §8): national, regional, provincial.

    Columns ``scope``, ``region``, ``year``, ``factor_type`` (``average``, ``fossil_power_only`` …),
    ``value``, ``unit`` (kgCO2/kWh or tCO2/MWh, equal), ``publisher``, ``source_url``.
    Anhui has a provincial value for 2022 only (0.6782); other years are gaps.
    """
    return _grid().copy(deep=False)


@functools.cache
def load_clinker_defaults() -> dict[str, float]:
    """IPCC 2006 cement defaults (Vol 3 Ch 2): ``cao_fraction_in_clinker`` 0.65, ``ckd_correction_factor`` 1.02."""
    raw = pd.read_csv(io.StringIO(_read_text("ipcc2006_cement_clinker_defaults.csv")))
    return {str(k): float(v) for k, v in zip(raw["parameter"], raw["default"], strict=True)}


def coal_equivalents() -> pd.DataFrame:
    """Standard-coal coefficients of the 17 CEADs fuels (china_standard_coal_coefficients.csv).

    Columns ``fuel``, ``value`` and ``unit`` (tce or kgce) per ``per_unit`` (t or m**3): the
    named coefficient needed to read activity given in tce as physical quantities.
    """
    _, rows = _load("ipcc2006", "1")
    return pd.DataFrame({FUEL: rows[FUEL], VALUE: rows["ncv"], UNIT: rows["ncv_unit"], "per_unit": rows["per_unit"]})
