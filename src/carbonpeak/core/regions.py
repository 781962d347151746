"""Regions: the province and its prefecture-level cities, with validity dates (data-model.md §1)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from carbonpeak.errors import NotFound

__all__ = ["Region", "RegionSet"]


@dataclass(frozen=True)
class Region:
    """An administrative region (GB/T 2260 code)."""

    code: str  #: six-digit administrative code, e.g. "340100"
    name_en: str
    name_zh: str
    level: str  #: "province" or "city"
    parent: str | None  #: code of the parent region
    valid_from: int | None = None  #: first year the region existed in this form
    valid_to: int | None = None  #: last year (Chaohu: 2011)

    def exists_in(self, year: int) -> bool:
        """Whether the region existed in ``year``."""
        return (self.valid_from is None or year >= self.valid_from) and (self.valid_to is None or year <= self.valid_to)


class RegionSet:
    """Lookup of regions by code, English name or Chinese name."""

    def __init__(self, regions: Iterable[Region]) -> None:
        self._by_code = {r.code: r for r in regions}
        self._by_name: dict[str, Region] = {}
        for r in self._by_code.values():
            for key in (r.name_en, r.name_zh, r.name_zh.removesuffix("市").removesuffix("省")):
                self._by_name[key.casefold()] = r

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._by_code.values())

    def __len__(self) -> int:
        return len(self._by_code)

    def get(self, key: str) -> Region:
        """Find a region by code or name; raise :class:`NotFound` if unknown."""
        k = str(key).strip()
        found = self._by_code.get(k) or self._by_name.get(k.casefold())
        if found is None:
            raise NotFound(f"unknown region {key!r}")
        return found

    def find(self, key: str) -> Region | None:
        """Like :meth:`get` but return None when unknown."""
        try:
            return self.get(key)
        except NotFound:
            return None

    def cities(self, year: int | None = None) -> list[Region]:
        """The prefecture-level cities, those existing in ``year`` if given."""
        return [r for r in self._by_code.values() if r.level == "city" and (year is None or r.exists_in(year))]
