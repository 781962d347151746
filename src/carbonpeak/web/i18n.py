"""Languages of the pages: Babel message catalogues (zh_CN by default, en) and locale-aware numbers.

The catalogues live in ``web/locale/<locale>/LC_MESSAGES/messages.{po,mo}``; msgids are English. The
locale of the request being rendered sits in a context variable, so templates call ``_()`` and the number
filters without passing it around.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from importlib import resources
from numbers import Real

from babel import Locale
from babel.numbers import NumberPattern, parse_pattern
from babel.support import NullTranslations, Translations
from markupsafe import Markup, escape

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
    suffix = Markup(' <span class="unit">{0}</span>').format(unit) if unit else ""
    return Markup('<span class="num">{0}</span>{1}').format(text, suffix)
