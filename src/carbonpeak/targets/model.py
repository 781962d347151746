"""What an evaluation returns: a status and every number it used."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum

__all__ = ["Context", "Convention", "Evaluation", "Status"]


class Status(StrEnum):
    """Status of a target at a date. Before the target year: on_track / behind; from it: met / not_met."""

    MET = "met"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    NOT_MET = "not_met"
    NO_DATA = "no_data"


class Convention(StrEnum):
    """Schedule (序时进度) convention for the years before the target year (methods.md §1.3)."""

    LINEAR = "linear"  #: an equal share of the required change each year
    GEOMETRIC = "geometric"  #: an equal rate of change each year: (1 − R)^(k/n)


@dataclass(frozen=True)
class Evaluation:
    """The result of evaluating one target for one region at one date, with the numbers used.

    For targets measured as a change against a base year (reduce/increase_by_vs_base, increase_per_year)
    ``change`` and ``required`` are fractions (−0.14 = down 14%); for the other kinds ``required`` is a level
    in the unit of ``observed``.
    """

    target_id: str
    region: str
    status: Status
    at_year: int  #: the year evaluated at; data of later years are not used
    final: bool  #: True when judged as met / not met (target year reached, or a standing requirement)
    series: str  #: the series the target is measured by
    unit: str | None  #: unit of ``observed``
    observed_year: int | None = None
    observed: float | None = None
    base_year: int | None = None
    base_value: float | None = None
    change: float | None = None  #: observed / base − 1 (vs-base kinds), or the latest growth (per-year kind)
    required: float | None = None  #: what the schedule or the target requires at ``observed_year``
    threshold: float | None = None  #: the final threshold, after the "about" tolerance
    convention: Convention | None = None
    note: str = ""

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready mapping."""
        out = asdict(self)
        out["status"] = str(self.status)
        out["convention"] = None if self.convention is None else str(self.convention)
        return out


@dataclass(frozen=True)
class Context:
    """Everything a kind evaluator needs besides the target."""

    series: dict[int, float]  #: yearly values up to ``at_year``
    unit: str | None
    at_year: int
    convention: Convention
    tolerance: float
    blank: Evaluation  #: an evaluation with the identifying fields filled in, status no_data
