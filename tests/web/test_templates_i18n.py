"""Templates show no text in one language only: visible text goes through ``_()``; catalogues are complete."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from importlib import resources
from io import BytesIO

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

WEB = resources.files("carbonpeak.web")
TEMPLATES = sorted(p.name for p in WEB.joinpath("templates").iterdir() if p.name.endswith(".html"))
#: attributes whose text a user reads
VISIBLE_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt"}
#: text that is the same in every language (codes, symbols, examples of codes)
NEUTRAL = re.compile(r"^[\s\d.,:;·()\-–—/|%=&#;+*<>×]*$|^(340100|Emissions\|CO2|GDP\||2020|raw|\.xlsx)$")


def _strip_jinja(source: str) -> str:
    source = re.sub(r"{#.*?#}", "", source, flags=re.S)
    source = re.sub(r"{%.*?%}", "", source, flags=re.S)
    return re.sub(r"{{.*?}}", "", source, flags=re.S)


class _Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "code"):
            self._skip += 1
        self.texts += [v.strip() for k, v in attrs if k in VISIBLE_ATTRIBUTES and v and v.strip()]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "code"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.texts.append(data.strip())


def hard_coded(source: str) -> list[str]:
    """Visible text of a template that does not come from a ``{{ ... }}`` expression."""
    parser = _Visible()
    parser.feed(_strip_jinja(source))
    return [t for t in parser.texts if not NEUTRAL.match(t)]


def test_detector_finds_hard_coded_text() -> None:
    assert hard_coded('<h1>统计数据</h1><input placeholder="type here"><p>{{ _("ok") }}</p>') == [
        "统计数据",
        "type here",
    ]


@pytest.mark.parametrize("name", TEMPLATES)
def test_template_text_goes_through_the_translation_function(name: str) -> None:
    source = WEB.joinpath("templates", name).read_text(encoding="utf-8")
    assert hard_coded(source) == []


def _msgids() -> set[str]:
    folder = str(WEB)
    method_map = [("templates/**.html", "jinja2"), ("**.py", "python")]
    options = {"templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    found = extract_from_dir(folder, method_map, options_map=options, keywords={"_": None, "gettext": None, "N_": None})
    return {message if isinstance(message, str) else message[0] for _file, _line, message, *_ in found}


def test_every_message_has_a_chinese_translation_and_the_compiled_catalogues_are_current() -> None:
    for locale in ("zh_CN", "en"):
        folder = WEB.joinpath("locale", locale, "LC_MESSAGES")
        po = read_po(BytesIO(folder.joinpath("messages.po").read_bytes()), locale=locale)
        mo = read_mo(BytesIO(folder.joinpath("messages.mo").read_bytes()))
        assert {m.id: m.string for m in po if m.id and m.string} == {m.id: m.string for m in mo if m.id}, locale
        if locale == "zh_CN":
            missing = sorted(i for i in _msgids() if not (po.get(i) and po.get(i).string))
            assert missing == [], "run `make messages` and translate: " + ", ".join(missing)
