"""Languages of the pages: Babel message catalogues (zh_CN by default, en) and locale-aware numbers.

The catalogues live in ``web/locale/<locale>/LC_MESSAGES/messages.{po,mo}``; msgids are English. The
locale of the request being rendered sits in a context variable, so templates call ``_()`` and the number
filters without passing it around.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from importlib import resources
from numbers import Real

from babel import Locale
from babel.numbers import NumberPattern, parse_pattern
from babel.support import NullTranslations, Translations
from markupsafe import Markup, escape

from carbonpeak.web.labels import N_

__all__ = [
    "DEFAULT_LOCALE",
    "LOCALES",
    "current_locale",
    "format_number",
    "gettext",
    "is_missing",
    "missing_marker",
    "ngettext",
    "normalise_locale",
    "unit_label",
    "use_locale",
]

#: locale code → name shown in the language switch (each in its own language)
LOCALES: dict[str, str] = {"zh_CN": "中文", "en": "English"}
DEFAULT_LOCALE = "zh_CN"
_CURRENT: ContextVar[str] = ContextVar("carbonpeak_locale", default=DEFAULT_LOCALE)


def normalise_locale(code: str | None, default: str = DEFAULT_LOCALE) -> str:
    """One of :data:`LOCALES` for a code such as ``zh-CN``, ``zh``, ``en-GB``; ``default`` otherwise."""
    if not code:
        return default
    code = code.replace("-", "_").strip()
    if code in LOCALES:
        return code
    language = code.split("_")[0].lower()
    return next((known for known in LOCALES if known.split("_")[0] == language), default)


@functools.cache
def _translations(locale: str) -> NullTranslations:
    directory = resources.files("carbonpeak.web").joinpath("locale")
    return Translations.load(str(directory), [locale], domain="messages")


@contextmanager
def use_locale(locale: str) -> Iterator[None]:
    """Render (or format) in ``locale`` inside the ``with`` block."""
    token = _CURRENT.set(normalise_locale(locale))
    try:
        yield
    finally:
        _CURRENT.reset(token)


def current_locale() -> str:
    return _CURRENT.get()


def gettext(message: str) -> str:
    """``message`` translated into the current locale."""
    return _translations(_CURRENT.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Singular or plural form of a message for ``n`` in the current locale."""
    return _translations(_CURRENT.get()).ngettext(singular, plural, n)


#: unit spellings of the store shown to readers; zh_CN reads 亿元, 万吨标准煤 … (msgids are the stored spelling)
UNIT_MESSAGES: tuple[str, ...] = (
    N_("100 million CNY"),
    N_("10^4 CNY"),
    N_("10^4 persons"),
    N_("10^4 tce"),
    N_("10^4 t"),
    N_("10^4 kW"),
    N_("10^8 kWh"),
    N_("10^8 m3"),
    N_("10^8 m2"),
    N_("10^10 kJ"),
    N_("Mt CO2"),
    N_("t CO2"),
    N_("tce"),
    N_("person"),
)
_CONSTANT_PRICES = re.compile(r"^(?P<unit>.+?)\s*\(constant (?P<year>\d{4})\)$")


@functools.cache
def _unit_label(unit: str, locale: str) -> str:
    if " / " in unit:
        return " / ".join(_unit_label(part, locale) for part in unit.split(" / "))
    match = _CONSTANT_PRICES.match(unit)
    translations = _translations(locale)
    if match:
        base = _unit_label(match["unit"], locale)
        return translations.gettext("%(unit)s (constant %(year)s prices)") % {"unit": base, "year": match["year"]}
    return translations.gettext(unit) if unit in UNIT_MESSAGES else unit


def unit_label(unit: object) -> str:
    """How a stored unit reads in the current locale (``100 million CNY`` → 亿元); unknown units unchanged.

    Display only: the store, the exports and the JSON API keep the canonical spelling.
    """
    if unit is None or unit == "":
        return ""
    return _unit_label(str(unit), _CURRENT.get())


def is_missing(value: object) -> bool:
    """None and NaN are gaps in the data; zero is a value."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def missing_marker() -> Markup:
    """How a gap is shown: a dash titled "no data", never a zero."""
    return Markup('<span class="missing" title="{0}">—</span>').format(gettext("no data"))


@functools.cache
def _locale(code: str) -> Locale:
    return Locale.parse(code)


@functools.cache
def _pattern(digits: int, *, percent: bool) -> NumberPattern:
    """Parsed once: parsing a pattern costs far more than applying it (a page formats hundreds)."""
    return parse_pattern("#,##0" + ("." + "0" * digits if digits > 0 else "") + ("%" if percent else ""))


def format_number(value: object, digits: int = 1, unit: str | None = None) -> Markup:
    """A number with grouping and the locale's separators, its unit after it; gaps as :func:`missing_marker`."""
    if is_missing(value):
        return missing_marker()
    if not isinstance(value, Real):
        return Markup(escape(str(value)))
    locale = _locale(_CURRENT.get())
    if unit == "%" or unit == "percent":
        text = _pattern(digits, percent=True).apply(float(value) / 100, locale)
        return Markup('<span class="num">{0}</span>').format(text)
    text = _pattern(digits, percent=False).apply(float(value), locale)
    suffix = Markup(' <span class="unit">{0}</span>').format(unit_label(unit)) if unit else ""
    return Markup('<span class="num">{0}</span>{1}').format(text, suffix)
