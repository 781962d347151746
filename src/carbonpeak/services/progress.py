"""Progress against intensity targets, from the store (methods.md §1; docs/methods/indicators-progress.md).

Loads energy or CO2, current GDP and real growth from the observations, builds constant-price GDP
in the plan's base-year prices, and hands the frames to :mod:`carbonpeak.indicators`. Targets come
from the shipped reference files (policy_targets.csv, the city target file); a region-year without
data or without a target is reported as "no data", never as a number.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session

from carbonpeak.core.schema import PERIOD, REGION, VALUE, VARIABLE, VINTAGE, YEAR
from carbonpeak.errors import DataError
from carbonpeak.indicators import arithmetic as ar
from carbonpeak.indicators.progress import GDP, NUMERATOR, constant_price_gdp, progress_table
from carbonpeak.reference.dataset_base import read_reference
from carbonpeak.reference.regions import PROVINCE_CODE, load_regions
from carbonpeak.services.runtime import Runtime
from carbonpeak.store import observations as obs

__all__ = [
    "CONVENTIONS",
    "NUMERATORS",
    "Target",
    "known_targets",
    "official_intensity_check",
    "progress",
    "region_levels",
    "schedule_convention",
]

#: the numerator variable of each intensity indicator
NUMERATORS: Final = {"energy_intensity": "Energy|Total", "co2_intensity": "Emissions|CO2"}
_GROWTH, _CURRENT = "GDP|Real Growth", "GDP|Current"
#: the two schedule conventions of methods.md §1.3
CONVENTIONS: Final[tuple[ar.ScheduleConvention, ...]] = ("linear", "geometric")
_POLICY_INDICATORS: Final = {
    "energy_intensity_reduction": "energy_intensity",
    "co2_intensity_reduction": "co2_intensity",
    "energy_intensity_reduction_annual": "energy_intensity",
}


@dataclass(frozen=True)
class Target:
    """A numeric intensity-reduction target of a region: R over ``base_year`` → ``target_year``."""

    region: str
    indicator: str
    base_year: int
    target_year: int
    reduction: float  #: R as a fraction (0.14)
    source: str

    @property
    def plan_years(self) -> int:
        """Years of the plan (5 for a five-year target, 1 for an annual target)."""
        return self.target_year - self.base_year

    def covers(self, year: int) -> bool:
        """Whether ``year`` is one of the plan's years."""
        return self.base_year < year <= self.target_year


def schedule_convention(rt: Runtime, requested: str | None = None) -> ar.ScheduleConvention:
    """The schedule convention to use (methods.md §1.3): ``requested`` if given, else the setting.

    Raises
    ------
    DataError
        If the requested value (or the ``schedule_convention`` setting) is neither "linear" nor "geometric".
    """
    value = requested if requested is not None else rt.settings.schedule_convention
    for convention in CONVENTIONS:
        if value == convention:
            return convention
    origin = "requested" if requested is not None else "setting schedule_convention is"
    raise DataError(f"{origin} schedule convention {value!r}; use one of {', '.join(CONVENTIONS)}")


def _policy_targets() -> list[Target]:
    t = read_reference("policy_targets.csv")
    t = t[(t["region"] == "Anhui") & t["indicator"].isin(list(_POLICY_INDICATORS)) & t["base_year"].notna()]
    t = t[pd.to_numeric(t[VALUE], errors="coerce").notna()]
    rows: list[dict[Any, Any]] = t.to_dict("records")
    return [
        Target(
            PROVINCE_CODE,
            _POLICY_INDICATORS[str(r["indicator"])],
            int(r["base_year"]),
            int(r["target_year"]),
            float(r[VALUE]) / 100,
            str(r["source_url"]),
        )
        for r in rows
    ]


def _city_targets() -> list[Target]:
    t = read_reference("anhui_cities_energy_intensity_targets_warnings.csv")
    t = t[t["indicator"] == "energy_intensity_reduction_target_vs_2020"]
    regions = load_regions()
    rows: list[dict[Any, Any]] = t.to_dict("records")
    return [
        Target(
            regions.get(str(r["region"])).code,
            "energy_intensity",
            2020,
            2025,
            float(str(r[VALUE]).lstrip(">=")) / 100,
            str(r["source"]),
        )
        for r in rows
    ]


@functools.cache
def known_targets() -> tuple[Target, ...]:
    """Numeric intensity targets found in the reference data (province and the three cities that publish one)."""
    return tuple(_policy_targets() + _city_targets())


def _series(session: Session, regions: list[str], variables: list[str], as_of: datetime | None) -> pd.DataFrame:
    df = obs.query(session, regions=regions, variables=variables, as_of=as_of)
    df = df[df[PERIOD].str.fullmatch(r"\d{4}")]
    return df.assign(**{YEAR: df[PERIOD].astype(int)})


def region_levels(
    session: Session, regions: list[str], indicator: str, *, price_year: int, as_of: datetime | None = None
) -> pd.DataFrame:
    """Per region and year: numerator, constant-price GDP (``price_year`` prices) and the vintages used."""
    variable = NUMERATORS[indicator]
    raw = _series(session, regions, [variable, _CURRENT, _GROWTH], as_of)
    wide = raw.pivot_table(index=[REGION, YEAR], columns=VARIABLE, values=VALUE, aggfunc="first").reset_index()
    for col in (variable, _CURRENT, _GROWTH):
        if col not in wide.columns:
            wide[col] = np.nan
    has_base = wide.loc[(wide[YEAR] == price_year) & wide[_CURRENT].notna(), REGION].unique()
    chain = wide[wide[REGION].isin(has_base)].rename(columns={_CURRENT: "gdp_current", _GROWTH: "real_growth_pct"})
    gdp = constant_price_gdp(chain[[REGION, YEAR, "gdp_current", "real_growth_pct"]], price_year=price_year)
    vintages = raw[raw[VARIABLE] == variable].set_index([REGION, YEAR])[VINTAGE].rename("numerator_vintage")
    out = wide[[REGION, YEAR, variable]].rename(columns={variable: NUMERATOR}).merge(gdp, on=[REGION, YEAR], how="left")
    return out.join(vintages, on=[REGION, YEAR])


def progress(
    rt: Runtime, region: str | None = None, *, as_of: datetime | None = None, convention: str | None = None
) -> pd.DataFrame:
    """Progress of every known target of ``region`` (all regions if None) per plan year.

    Returns the columns of :func:`carbonpeak.indicators.progress.progress_table` plus ``indicator``,
    ``target``, ``base_year``, ``target_year``, ``source`` and ``status`` ("ok" or why there is no
    number) and ``schedule_convention``. Convention ``convention`` or, if None, the setting (§1.3).
    """
    chosen = schedule_convention(rt, convention)
    targets = [t for t in known_targets() if region is None or t.region == load_regions().get(region).code]
    parts = []
    with rt.transaction() as session:
        for target in targets:
            levels = region_levels(session, [target.region], target.indicator, price_year=target.base_year, as_of=as_of)
            parts.append(_target_rows(levels, target, chosen).assign(schedule_convention=chosen))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def _target_rows(levels: pd.DataFrame, target: Target, convention: ar.ScheduleConvention) -> pd.DataFrame:
    years = pd.DataFrame({REGION: target.region, YEAR: range(target.base_year, target.target_year + 1)})
    frame = years.merge(levels, on=[REGION, YEAR], how="left")
    meta: dict[str, Any] = {
        "indicator": target.indicator,
        "target": target.reduction,
        "base_year": target.base_year,
        "target_year": target.target_year,
        "source": target.source,
    }
    base = frame[frame[YEAR] == target.base_year]
    if base[[NUMERATOR, GDP]].isna().any(axis=None):
        rows = frame[frame[YEAR] > target.base_year].assign(**meta)
        return rows.assign(
            status=f"no data: no {target.base_year} base-year value of {NUMERATORS[target.indicator]} or GDP"
        )
    table = progress_table(
        frame, base_year=target.base_year, target=target.reduction, convention=convention, plan_years=target.plan_years
    )
    status = np.where(table["cum_reduction"].isna(), "no data: numerator or GDP missing for the year", "ok")
    return table.assign(**meta, status=status)


def _official_changes(session: Session) -> pd.DataFrame:
    df = obs.query(session, regions=[PROVINCE_CODE], variables=["Energy|Intensity Change"], best_available=False)
    return df[df[PERIOD].str.fullmatch(r"\d{4}")]


def official_intensity_check(rt: Runtime, *, tolerance_pp: float = 0.1) -> pd.DataFrame:
    """Official energy-intensity changes beside the same change recomputed from the store, per vintage.

    ``r_t = (E_t / E_{t−1}) / (GDP_t / GDP_{t−1}) − 1`` with GDP at constant prices (the chained
    real index; the price year cancels in a year-on-year ratio, so the official "2015 prices" are
    matched by any rebasing of the same index). Each vintage of ``E_t`` is shown; ``E_{t−1}`` is the
    best available. A year whose energy total is a gap is "no data to recompute".
    """
    with rt.transaction() as session:
        official = _official_changes(session)
        energy = obs.query(session, regions=[PROVINCE_CODE], variables=["Energy|Total"], best_available=False)
        growth = _series(session, [PROVINCE_CODE], [_GROWTH], None).set_index(YEAR)[VALUE]
    rows = []
    for o in official.to_dict("records"):
        year = int(o[PERIOD])
        previous = energy[(energy[PERIOD] == str(year - 1)) & energy[VALUE].notna()]
        current = energy[(energy[PERIOD] == str(year)) & energy[VALUE].notna()]
        base = {"year": year, "official_pct": o[VALUE], "official_vintage": o[VINTAGE], "official_source": o["source"]}
        if current.empty or previous.empty or year not in growth.index:
            rows.append({**base, "status": f"no data to recompute: Energy|Total {year} or {year - 1} is a gap"})
            continue
        e_prev = previous.sort_values(VINTAGE).iloc[0]  # "final" sorts first: best available
        for c in current.itertuples():
            pct = 100 * ((c.value / e_prev[VALUE]) / (1 + growth[year] / 100) - 1)
            diff = pct - float(o[VALUE])
            status = "reproduced" if abs(diff) <= tolerance_pp + 1e-9 else "differs: see vintage"
            numbers = {"energy_vintage": c.vintage, "energy": c.value, "energy_previous": e_prev[VALUE]}
            result = {"gdp_real_growth_pct": growth[year], "recomputed_pct": pct, "difference_pp": diff}
            rows.append({**base, **numbers, **result, "status": status})
    return pd.DataFrame(rows)
