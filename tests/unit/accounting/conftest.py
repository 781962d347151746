"""Hand-sized factor rows and activity frames for the accounting tests."""

from __future__ import annotations

import pandas as pd
import pytest

from carbonpeak.accounting.factors import FactorTable, build_factor_table

SECTORS = ["Industry", "Chemicals", "Power", "Households"]


def factor_rows(rows: list[dict[str, object]]) -> pd.DataFrame:
    """Factor-set rows with the optional columns filled as empty."""
    frame = pd.DataFrame(rows)
    for column, default in {
        "sector": "",
        "year_from": pd.NA,
        "year_to": pd.NA,
        "value": float("nan"),
        "ncv": float("nan"),
        "ncv_unit": "",
        "carbon_content": float("nan"),
        "oxidation": float("nan"),
    }.items():
        if column not in frame.columns:
            frame[column] = default
    frame["year_from"] = frame["year_from"].astype("Int64")
    frame["year_to"] = frame["year_to"].astype("Int64")
    return frame


@pytest.fixture
def simple_table() -> FactorTable:
    """Raw coal 2 t CO2/t (1.5 in households), natural gas 2 kg CO2/m3 from 2011 only."""
    rows = factor_rows(
        [
            {"fuel": "Raw_Coal", "value": 2.0, "co2_unit": "t CO2", "per_unit": "t"},
            {"fuel": "Raw_Coal", "sector": "Households", "value": 1.5, "co2_unit": "t CO2", "per_unit": "t"},
            {"fuel": "Natural_Gas", "value": 2.0, "co2_unit": "kgCO2", "per_unit": "m**3", "year_from": 2011},
        ]
    )
    return build_factor_table(rows, label="test@1", years=[2010, 2011], sectors=SECTORS)


def activity(rows: list[tuple[int, str, str, float, str]]) -> pd.DataFrame:
    """An activity frame from (year, sector, fuel, value, unit) tuples, region 340000."""
    frame = pd.DataFrame(rows, columns=["year", "sector", "fuel", "value", "unit"])
    frame.insert(0, "region", "340000")
    return frame
