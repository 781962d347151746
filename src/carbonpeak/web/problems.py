"""Row-level problem messages in the reader's language.

The checks (:mod:`carbonpeak.core.checks`, the upload and import services) write their
:class:`~carbonpeak.errors.Problem` messages in English, with the offending values filled in; the JSON API
returns them so. For the pages each known message shape is matched here and rendered from a translatable
template (msgid) with the same values, so the catalogue holds one entry per kind of problem, not per value.
A message of no known shape is shown as it is (English), never dropped.
"""

from __future__ import annotations

import re
from typing import Final

from carbonpeak.web.i18n import gettext
from carbonpeak.web.labels import N_

__all__ = ["PROBLEM_TEMPLATES", "translate_problem"]

#: (pattern of the English message, msgid with the pattern's named groups as parameters)
PROBLEM_TEMPLATES: Final[tuple[tuple[re.Pattern[str], str], ...]] = tuple(
    (re.compile(f"^{pattern}$"), msgid)
    for pattern, msgid in (
        (r"required column is missing", N_("required column is missing")),
        (
            r"unknown region \(use the code, or the Chinese or English name\)",
            N_("unknown region (use the code, or the Chinese or English name)"),
        ),
        (
            r"unknown variable \(see the template's variable list\)",
            N_("unknown variable (see the template's variable list)"),
        ),
        (r"variable is not part of this data set", N_("variable is not part of this data set")),
        (r"value is empty \(leave out rows without a figure\)", N_("value is empty (leave out rows without a figure)")),
        (r"not a number", N_("not a number")),
        (
            r"unit does not fit variable '(?P<variable>[^']*)': (?P<detail>.*)",
            N_("unit does not fit variable %(variable)s: %(detail)s"),
        ),
        (r"unknown unit '(?P<unit>.*)'", N_("unknown unit %(unit)s")),
        (
            r"cannot convert '(?P<source>[^']*)' \(.*?\) to '(?P<target>[^']*)' \(.*\); a conversion between "
            r"different quantities needs a named coefficient",
            N_("cannot convert %(source)s to %(target)s: different quantities need a named coefficient"),
        ),
        (r"(?P<variable>.+) cannot be negative", N_("%(variable)s cannot be negative")),
        (r"not a period: (?P<text>.*) \(use (?P<examples>.*)\)", N_("not a period: %(text)s (use %(examples)s)")),
        (r"period before (?P<year>\d+)", N_("period before %(year)s")),
        (
            r"period (?P<period>\S+) has not ended yet \(today is (?P<today>[0-9-]+)\)",
            N_("period %(period)s has not ended yet (today is %(today)s)"),
        ),
        (
            r"(?P<region>.+) \((?P<code>\d+)\) did not exist in (?P<year>\d+) \(valid (?P<span>.*)\)",
            N_("%(region)s (%(code)s) did not exist in %(year)s (valid %(span)s)"),
        ),
        (
            r"basis not allowed for (?P<variable>.+) \(allowed: (?P<allowed>.*)\)",
            N_("basis not allowed for %(variable)s (allowed: %(allowed)s)"),
        ),
        (r"unknown vintage \(use one of (?P<choices>.*)\)", N_("unknown vintage (use one of %(choices)s)")),
        (
            r"row says (?P<row>.+) but the file is imported as (?P<file>.+)",
            N_("row says %(row)s but the file is imported as %(file)s"),
        ),
        (
            r"duplicate of row (?P<first>\d+) \(same region, period, variable, basis\)",
            N_("duplicate of row %(first)s (same region, period, variable, basis)"),
        ),
        (r"cannot decode the file", N_("cannot decode the file")),
        (r"use a \.csv or \.xlsx file", N_("use a .csv or .xlsx file")),
        (r"use one of (?P<choices>.*)", N_("use one of %(choices)s")),
        (r"one of (?P<choices>.*)", N_("one of %(choices)s")),
        (r"larger than (?P<size>\d+) MiB", N_("larger than %(size)s MiB")),
        (r"the file is empty", N_("the file is empty")),
        (r"you may not write data of this region", N_("you may not write data of this region")),
        (r"64 hexadecimal digits", N_("64 hexadecimal digits")),
    )
)

#: parameters that are themselves messages (translated in turn)
_NESTED: Final = frozenset({"detail"})


def translate_problem(message: str) -> str:
    """``message`` in the current locale when its shape is known, else unchanged."""
    for pattern, msgid in PROBLEM_TEMPLATES:
        found = pattern.match(message)
        if found is not None:
            values = {k: translate_problem(v) if k in _NESTED else v for k, v in found.groupdict().items()}
            return gettext(msgid) % values
    return message
