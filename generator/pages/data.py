"""The open data: its page, and the JSON and CSV files (open_data.py writes them), made
once for every language."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from typing import Any

from markupsafe import Markup

from ..content.model import Deal
from ..settings import Licence
from ..text.markup import address_href, escape_inline
from . import open_data, paths
from .common import deal_urls, newest, same_in_every_language
from .deals import NEWEST_DEAL_CHANGE
from .kind import ALL, Dependency, Fact, PageContext, PageKind, fact

_EVERY_DEAL: Callable[[Any, Any], Iterable[Dependency]] = lambda _r, _item: [("deal", ALL)]

# The day the open data are as of (open_data.generated_on): the newest date of any deal.
DATA_AS_OF = Fact("data-as-of", ("deal",),
                  lambda deal: max(deal.as_of, deal.last_changed, deal.reviewed),
                  lambda parts: max(parts.values(), default=None))


def _open_data_page(r: PageContext, _item: None) -> dict[str, Any]:
    _ = r.gettext
    generated = open_data.generated_on(r.deals)
    return {"title": _("Open data"), "json_path": OPEN_DATA_JSON.path,
            "csv_path": OPEN_DATA_CSV.path, "semicolon_csv_path": OPEN_DATA_SEMICOLON_CSV.path,
            "parties_csv_path": OPEN_DATA_PARTIES_CSV.path,
            "parties_semicolon_csv_path": OPEN_DATA_PARTIES_SEMICOLON_CSV.path,
            "licence_link": licence_link(r.config.data_licence),
            "generated": r.day(generated) if generated else None,
            "meta": {"description": _("The deals as open data: a JSON file with every field "
                                      "in %(languages)s, and a CSV table with one row per "
                                      "deal.") % {
                         "languages": r.words.languages_named(r.config.languages)},
                     "lastmod": newest(r.deals)}}


def licence_link(licence: Licence | None) -> Markup | None:
    """The open data's licence as a link, its name and address escaped here (config.py has
    checked the address as the check does a source's)."""
    if licence is None:
        return None
    return Markup(f'<a href="{html.escape(address_href(licence.url), quote=True)}">'
                  f'{escape_inline(licence.name)}</a>')


def _deals_by_id(r: PageContext) -> list[Deal]:
    return sorted(r.content.deals.values(), key=lambda d: d.id)


def _open_data_json(r: PageContext, _item: None) -> bytes:
    made: bytes = same_in_every_language(r, "open-data-json-file", lambda: open_data.deals_json(
        _deals_by_id(r), r.content, r.config, deal_urls(r), r.reused))
    return made


def _open_data_csv(r: PageContext, _item: None) -> str:
    made: str = same_in_every_language(r, "open-data-csv-file", lambda: open_data.deals_csv(
        _deals_by_id(r), r.config, deal_urls(r), r.reused))
    return made


def _open_data_semicolon_csv(r: PageContext, _item: None) -> str:
    made: str = same_in_every_language(
        r, "open-data-semicolon-csv-file", lambda: open_data.deals_csv(
            _deals_by_id(r), r.config, deal_urls(r), r.reused, delimiter=";"))
    return made


OPEN_DATA = PageKind("open-data", paths.OPEN_DATA, "data.md.j2", in_nav=False,
                     context=_open_data_page,
                     depends_on=lambda _r, _item: [fact(NEWEST_DEAL_CHANGE), fact(DATA_AS_OF)])


OPEN_DATA_JSON = PageKind("open-data-json", paths.OPEN_DATA_JSON, None, in_nav=False,
                          write=_open_data_json,
                          depends_on=lambda _r, _item: [("deal", ALL), ("company", ALL),
                                                        ("author", ALL)])


OPEN_DATA_CSV = PageKind("open-data-csv", paths.OPEN_DATA_CSV, None, in_nav=False,
                         write=_open_data_csv, depends_on=_EVERY_DEAL)


OPEN_DATA_PARTIES_CSV = PageKind(
    "open-data-parties-csv", paths.OPEN_DATA_PARTIES_CSV, None, in_nav=False,
    write=lambda r, _item: same_in_every_language(
        r, "open-data-parties-csv-file", lambda: open_data.deal_parties_csv(
            _deals_by_id(r), r.config, deal_urls(r), r.reused)), depends_on=_EVERY_DEAL)


OPEN_DATA_PARTIES_SEMICOLON_CSV = PageKind(
    "open-data-parties-semicolon-csv", paths.OPEN_DATA_PARTIES_SEMICOLON_CSV, None, in_nav=False,
    write=lambda r, _item: same_in_every_language(
        r, "open-data-parties-semicolon-csv-file", lambda: open_data.deal_parties_csv(
            _deals_by_id(r), r.config, deal_urls(r), r.reused, delimiter=";")),
    depends_on=_EVERY_DEAL)


OPEN_DATA_SEMICOLON_CSV = PageKind(
    "open-data-semicolon-csv", paths.OPEN_DATA_SEMICOLON_CSV, None, in_nav=False,
    write=_open_data_semicolon_csv, depends_on=_EVERY_DEAL)
