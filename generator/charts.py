"""Pictures drawn at build time as inline SVG: deal amounts over time, and who invested in whom.

No script, no fonts or files from elsewhere, no floating-point noise: the same content gives
the same bytes. Each picture is ``role="img"`` with a ``<title>`` and a ``<desc>`` that say
in words what it shows, and the page puts a table with the same facts next to it. Pictures
stay readable at any number of deals: amounts add up per month or per year, and a company's
graph shows its closest partners and counts the rest.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from html import escape

from babel.dates import format_skeleton
from babel.lists import format_list
from babel.numbers import format_compact_decimal, format_decimal, get_currency_name
from babel.support import Translations

from . import formatting
from .model import Company, Deal, PartialDate

WIDTH = 640
INVESTING_ROLES = ("investor", "lead-investor", "co-investor", "buyer")
RECEIVING_ROLES = ("target",)
MONTHLY_UP_TO = 36  # months; a longer span, or a date known only to the year, counts by year
MAX_PER_COLUMN = 12  # companies per column of a graph; the rest are counted
MAX_NAMED_IN_DESC = 24  # facts a picture's description names before it refers to the table
MAX_LINKS_DRAWN = 24  # more links than this in a company's deals: draw the company's own only


def _attr(value: object) -> str:
    return escape(str(value), quote=True)


def _text(value: str) -> str:
    return escape(value, quote=False)


def _num(value: float) -> str:
    """A coordinate with at most one decimal: stable text for the same geometry."""
    text = f"{round(value, 1) + 0.0:.1f}"  # + 0.0: no "-0"
    return text.removesuffix(".0")


def _svg_open(ident: str, height: int, title: str, desc: str) -> list[str]:
    return [
        (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-picture" role="img" '
         f'aria-labelledby="{ident}-title {ident}-desc" viewBox="0 0 {WIDTH} {height}" '
         f'width="{WIDTH}" height="{height}">'),
        f'<title id="{ident}-title">{_text(title)}</title>',
        f'<desc id="{ident}-desc">{_text(desc)}</desc>',
    ]


def _figure(ident: str, svg: list[str], caption: str) -> str:
    return "\n".join([f'<figure class="chart" id="{ident}">', *svg, "</svg>",
                      f"<figcaption>{_text(caption)}</figcaption>", "</figure>"])


# --- deal amounts over time ------------------------------------------------------------------

@dataclass
class Bar:
    """The deals first reported in one month or year, in one currency."""

    start: PartialDate  # the period: year and month, or year only
    label: str  # the period as the page's language writes it
    deals: list[Deal] = field(default_factory=list)
    total: int = 0
    total_text: str = ""  # "about $94.6 billion"
    mark: str = ""  # "≈" or "≥" where the total is not exact


@dataclass
class AmountChart:
    currency: str
    ident: str
    by_month: bool
    bars: list[Bar]
    figure: str  # <figure> with the SVG and its caption


def chart_value(deal: Deal) -> int:
    """The figure a deal adds to a total: its amount, a range's lower end."""
    assert deal.amount is not None
    return deal.amount.value if deal.amount.value is not None else deal.amount.min or 0


def _total_qualifier(qualifiers: set[str]) -> str:
    if qualifiers <= {"exact"}:
        return "exact"
    if qualifiers <= {"exact", "at-least", "range"}:  # ranges count at their lower end
        return "at-least"
    return "about"


def amount_charts(deals: list[Deal], lang: str, words: Translations) -> list[AmountChart]:
    """One chart per currency (amounts are never converted), the most used currency first."""
    by_currency: dict[str, list[Deal]] = {}
    for deal in deals:
        if deal.amount is not None:
            by_currency.setdefault(deal.amount.currency, []).append(deal)
    order = sorted(by_currency, key=lambda c: (-len(by_currency[c]), c))
    return [_amount_chart(currency, by_currency[currency], lang, words) for currency in order]


def _periods(deals: list[Deal]) -> tuple[bool, list[PartialDate]]:
    dates = [d.first_reported for d in deals]
    first, last = min(dates), max(dates)
    span = (last.year - first.year) * 12 + (last.month - first.month) + 1
    by_month = all(d.month for d in dates) and span <= MONTHLY_UP_TO
    if by_month:
        months = [(first.year * 12 + first.month - 1) + i for i in range(span)]
        return True, [PartialDate(m // 12, m % 12 + 1) for m in months]
    return False, [PartialDate(year) for year in range(first.year, last.year + 1)]


def _amount_chart(currency: str, deals: list[Deal], lang: str,
                  words: Translations) -> AmountChart:
    _, ngettext = words.ugettext, words.ungettext
    locale = formatting.LOCALES[lang]
    by_month, periods = _periods(deals)
    bars = {p: Bar(p, _period_label(p, locale)) for p in periods}
    for deal in sorted(deals, key=lambda d: (d.first_reported, d.id)):
        when = deal.first_reported
        bars[PartialDate(when.year, when.month) if by_month else PartialDate(when.year)
             ].deals.append(deal)
    for bar in bars.values():
        if bar.deals:
            bar.total = sum(chart_value(d) for d in bar.deals)
            qualifier = _total_qualifier({d.amount.qualifier for d in bar.deals  # type: ignore[union-attr]
                                          })
            bar.total_text = formatting.qualified(
                formatting.amount_text(bar.total, currency, lang), qualifier, _)
            bar.mark = {"exact": "", "at-least": "≥", "about": "≈"}[qualifier]
    ordered = [bars[p] for p in periods]
    currency_name = get_currency_name(currency, 2, locale=locale)
    ident = f"amounts-{currency.lower()}"
    title = (_("Deal amounts by month, in %(currency)s") if by_month else
             _("Deal amounts by year, in %(currency)s")) % {"currency": currency_name}
    filled = [b for b in ordered if b.deals]
    facts = [f"{b.label}: {b.total_text} (" + ngettext("%(num)d deal", "%(num)d deals",
                                                       len(b.deals)) % {"num": len(b.deals)}
             + ")" for b in filled]
    if len(facts) > MAX_NAMED_IN_DESC:
        largest = sorted(filled, key=lambda b: (-b.total, b.start))[:5]
        facts = [f"{b.label}: {b.total_text}" for b in largest]
        listing = _("Largest totals: %(list)s.") % {"list": "; ".join(facts)}
    else:
        listing = "; ".join(facts) + "."
    intro = (_("Sum of the amounts of the deals first reported in each month.") if by_month else
             _("Sum of the amounts of the deals first reported in each year."))
    desc = " ".join([intro, listing, _("The table below gives the same figures.")])
    caption = " ".join([intro, _("Ranges count at their lower end; ≈ marks totals that include "
                                 "approximate figures, ≥ totals that include minimums.")])
    svg = _svg_open(ident, 300, title, desc) + _bars(ordered, currency_name, lang, words)
    return AmountChart(currency, ident, by_month, ordered, _figure(ident, svg, caption))


def _period_label(period: PartialDate, locale: str) -> str:
    if period.month:
        return format_skeleton("yMMM", date(period.year, period.month, 1), locale=locale)
    return str(period.year)


def _compact(value: int, lang: str) -> str:
    locale = formatting.LOCALES[lang]
    if value < 10_000:
        return format_decimal(value, locale=locale)
    return format_compact_decimal(value, format_type="short", locale=locale, fraction_digits=1)


def _nice_step(maximum: int, lines: int = 4) -> int:
    raw = max(maximum / lines, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(int(m * magnitude) for m in (1, 2, 5, 10) if m * magnitude >= raw)


def _bars(bars: list[Bar], currency_name: str, lang: str, words: Translations) -> list[str]:
    _ = words.ugettext
    left, right, top, bottom, height = 72, 12, 36, 40, 300
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    step = _nice_step(max(b.total for b in bars))
    top_value = step * max(1, math.ceil(max(b.total for b in bars) / step))
    axis_title = _("in %(currency)s") % {"currency": currency_name}
    out = [(f'<text class="axis-title" x="{left}" y="14" fill="currentColor" '
            f'font-size="12">{_text(axis_title)}</text>')]

    def y_of(value: int) -> float:
        return top + plot_h - plot_h * value / top_value

    for tick in range(0, top_value + 1, step):
        y = _num(y_of(tick))
        out.append(f'<line class="grid" x1="{left}" x2="{WIDTH - right}" y1="{y}" y2="{y}" '
                   f'stroke="#bbb" stroke-width="1"/>')
        out.append(f'<text class="tick" x="{left - 6}" y="{y}" dy="4" text-anchor="end" '
                   f'fill="currentColor" font-size="11">{_text(_compact(tick, lang))}</text>')
    slot = plot_w / len(bars)
    bar_w = min(max(slot * 0.7, 1.0), 48.0)
    label_every = max(1, math.ceil(len(bars) / 12))
    # A value shows above its bar only where every value fits its slot (about 6.2 px a character).
    show_values = all(len(f"{b.mark}{_compact(b.total, lang)}") * 6.2 <= slot - 4 for b in bars)
    for index, bar in enumerate(bars):
        x = left + slot * index + (slot - bar_w) / 2
        centre = _num(left + slot * index + slot / 2)
        if bar.deals:
            y = y_of(bar.total)
            hint = f"{bar.label}: {bar.total_text}"
            out.append(f'<rect class="bar" x="{_num(x)}" y="{_num(y)}" width="{_num(bar_w)}" '
                       f'height="{_num(top + plot_h - y)}" fill="#3f51b5">'
                       f'<title>{_text(hint)}</title></rect>')
            if show_values:
                value = f"{bar.mark}{_compact(bar.total, lang)}"
                out.append(f'<text class="value" x="{centre}" y="{_num(y - 5)}" '
                           f'text-anchor="middle" fill="currentColor" font-size="11">'
                           f'{_text(value)}</text>')
        if index % label_every == 0:
            out.append(f'<text class="tick" x="{centre}" y="{top + plot_h + 18}" '
                       f'text-anchor="middle" fill="currentColor" font-size="11">'
                       f'{_text(bar.label)}</text>')
    out.append(f'<line class="axis" x1="{left}" x2="{WIDTH - right}" y1="{top + plot_h}" '
               f'y2="{top + plot_h}" stroke="currentColor" stroke-width="1"/>')
    return out


# --- who invested in whom --------------------------------------------------------------------

@dataclass
class Link:
    """Money from one company to another, in one or more deals."""

    source: Company
    target: Company
    deals: list[Deal] = field(default_factory=list)


@dataclass
class InvestmentGraph:
    ident: str
    links: list[Link]  # the links drawn
    figure: str
    not_drawn: int = 0  # further links in the company's deals


def investment_links(deals: list[Deal], name: Callable[[Company], str]) -> list[Link]:
    """Every investor-to-investee pair of these deals, with the deals that make it."""
    links: dict[tuple[str, str], Link] = {}
    for deal in sorted(deals, key=lambda d: (d.first_reported, d.id)):
        givers = deal.companies_in(*INVESTING_ROLES)
        for target in deal.companies_in(*RECEIVING_ROLES):
            for source in givers:
                if source is target:
                    continue
                link = links.setdefault((source.id, target.id), Link(source, target))
                if all(d.id != deal.id for d in link.deals):
                    link.deals.append(deal)
    return sorted(links.values(), key=lambda k: (name(k.source).lower(), name(k.target).lower(),
                                                 k.source.id, k.target.id))


def investment_graph(company: Company, lang: str, words: Translations,
                     name: Callable[[Company], str]) -> InvestmentGraph | None:
    """The investments in the deals ``company`` took part in, as investor → investee arrows;
    None when those deals hold no investment. Where they are many, only the company's own
    links are drawn, at most MAX_PER_COLUMN companies a column; the graph's ``links`` are
    the links drawn, for the table beside the picture, and ``not_drawn`` counts the rest."""
    _ = words.ugettext
    deals = list({deal.id: deal for deal, _role in company.deals}.values())
    links = investment_links(deals, name)
    if not links:
        return None
    own = [k for k in links if company.id in (k.source.id, k.target.id)]
    candidates = own if len(links) > MAX_LINKS_DRAWN and own else links
    body, height, shown = _graph_drawing(company, candidates, ident="investments", words=words,
                                         name=name)
    values = {"company": name(company), "num": len(links) - len(shown)}
    in_words = [_("%(investor)s in %(target)s") % {"investor": name(k.source),
                                                    "target": name(k.target)} for k in shown]
    listed = format_list(in_words[:MAX_NAMED_IN_DESC], locale=formatting.LOCALES[lang])
    if len(in_words) > MAX_NAMED_IN_DESC:
        listed += " " + _("and %(num)d more (see the table)") % {
            "num": len(in_words) - MAX_NAMED_IN_DESC}
    title = _("Who invested in whom: the deals of %(company)s") % values
    sentences = [_("Arrows lead from the investor to the company invested in.")]
    if own:
        sentences.append(_("%(company)s is outlined.") % values)
    else:
        sentences.append(_("%(company)s took part in these deals in another role.") % values)
    sentences.append(_("The table below lists the same links with their deals."))
    if values["num"]:
        sentences.append(_("%(num)d further links in these deals are not drawn; the lists "
                           "below name every deal.") % values)
    desc = " ".join([_("Arrows lead from the investor to the company invested in. Investments "
                       "in the deals of %(company)s: %(list)s.") % dict(values, list=listed),
                     *sentences[3:]])
    svg = _svg_open("investments", height, title, desc) + body
    return InvestmentGraph("investments", shown, _figure("investments", svg, " ".join(sentences)),
                           not_drawn=values["num"])


def _graph_drawing(focus: Company, links: list[Link], *, ident: str, words: Translations,
                   name: Callable[[Company], str]) -> tuple[list[str], int, list[Link]]:
    """The SVG elements, the height, and the links drawn (both ends in a column)."""
    _ = words.ugettext
    givers = {k.source.id for k in links}
    receivers = {k.target.id for k in links}
    companies = {c.id: c for k in links for c in (k.source, k.target)}
    degree = Counter(c for k in links for c in (k.source.id, k.target.id))
    near = {k.target.id for k in links if k.source.id == focus.id} | {
        k.source.id for k in links if k.target.id == focus.id} | {focus.id}

    def keep(ids: list[str]) -> tuple[list[str], int]:
        if len(ids) <= MAX_PER_COLUMN:
            return ids, 0
        ranked = sorted(ids, key=lambda i: (i not in near, -degree[i], name(companies[i]).lower(),
                                            i))
        kept = set(ranked[: MAX_PER_COLUMN - 1])
        return [i for i in ids if i in kept], len(ids) - len(kept)

    def by_name(ids: set[str]) -> list[str]:
        return sorted(ids, key=lambda i: (name(companies[i]).lower(), i))

    middle, middle_more = keep(by_name(givers & receivers))
    right, right_more = keep(by_name(receivers - givers))
    rank = {i: n for n, i in enumerate(middle + right)}

    places: dict[str, list[int]] = {}
    for k in links:
        if k.target.id in rank:
            places.setdefault(k.source.id, []).append(rank[k.target.id])

    def barycentre(i: str) -> float:
        found = places.get(i)
        return sum(found) / len(found) if found else len(rank)

    left, left_more = keep(sorted(givers - receivers, key=lambda i: (
        barycentre(i), name(companies[i]).lower(), i)))
    columns = [(c, more, heading) for c, more, heading in (
        (left, left_more, _("Investors")),
        (middle, middle_more, _("Investor and recipient")),
        (right, right_more, _("Received investment"))) if c]
    box_w = 210 if len(columns) == 2 else 170
    margin = 8
    gap = (WIDTH - 2 * margin - len(columns) * box_w) / max(len(columns) - 1, 1)
    row_h, box_h, first_row = 34, 24, 30
    rows = max(len(c) + (1 if more else 0) for c, more, _h in columns)
    height = first_row + rows * row_h + 4
    place: dict[str, tuple[float, float]] = {}
    out = [(f'<defs><marker id="{ident}-arrow" viewBox="0 0 10 10" refX="9" refY="5" '
            f'markerWidth="7" markerHeight="7" orient="auto">'
            f'<path d="M0 0L10 5L0 10z" fill="#3f51b5"/></marker></defs>')]
    nodes: list[str] = []
    for number, (ids, more, heading) in enumerate(columns):
        x = margin + number * (box_w + gap)
        offset = (rows - len(ids) - (1 if more else 0)) * row_h / 2
        nodes.append(f'<text class="heading" x="{_num(x + box_w / 2)}" y="16" '
                     f'text-anchor="middle" fill="currentColor" font-size="12" '
                     f'font-weight="bold">{_text(heading)}</text>')
        for row, company_id in enumerate(ids):
            y = first_row + offset + row * row_h
            place[company_id] = (x, y)
            full = name(companies[company_id])
            shown = _fit(full, int((box_w - 16) / 7))
            css = "node focus" if company_id == focus.id else "node"
            stroke = ' stroke-width="3"' if company_id == focus.id else ' stroke-width="1"'
            nodes.append(f'<g class="{css}"><rect x="{_num(x)}" y="{_num(y)}" width="{box_w}" '
                         f'height="{box_h}" rx="4" fill="none" stroke="currentColor"{stroke}/>'
                         f'<text x="{_num(x + box_w / 2)}" y="{_num(y + box_h / 2)}" dy="4" '
                         f'text-anchor="middle" fill="currentColor" font-size="12">'
                         f'{_text(shown)}</text>'
                         + (f"<title>{_text(full)}</title>" if shown != full else "") + "</g>")
        if more:
            y = first_row + offset + len(ids) * row_h
            label = _("and %(num)d more") % {"num": more}
            nodes.append(f'<text class="more" x="{_num(x + box_w / 2)}" y="{_num(y + box_h / 2)}" '
                         f'dy="4" text-anchor="middle" fill="currentColor" font-size="12" '
                         f'font-style="italic">{_text(label)}</text>')
    drawn = [(k, f"{name(k.source)} → {name(k.target)}") for k in links
             if k.source.id in place and k.target.id in place]
    # Several arrows at one box leave or arrive side by side, ordered by where they go.
    outgoing = _spread([(k.source.id, place[k.target.id][1], n) for n, (k, _h) in
                        enumerate(drawn)], place, box_h)
    incoming = _spread([(k.target.id, place[k.source.id][1], n) for n, (k, _h) in
                        enumerate(drawn)], place, box_h)
    edges: list[str] = []
    for number, (link, hint) in enumerate(drawn):
        (sx, _sy), (tx, _ty) = place[link.source.id], place[link.target.id]
        y1, y2 = outgoing[number], incoming[number]
        if tx > sx:  # left to right
            x1, x2 = sx + box_w, tx - 1
            bend = (x2 - x1) / 2
            path = f"M{_num(x1)} {_num(y1)}C{_num(x1 + bend)} {_num(y1)} " \
                   f"{_num(x2 - bend)} {_num(y2)} {_num(x2)} {_num(y2)}"
        else:  # within the middle column: a loop out to the right
            x1, x2 = sx + box_w, tx + box_w + 1
            path = f"M{_num(x1)} {_num(y1)}C{_num(x1 + 40)} {_num(y1)} " \
                   f"{_num(x2 + 40)} {_num(y2)} {_num(x2)} {_num(y2)}"
        edges.append(f'<path class="link" d="{path}" fill="none" stroke="#3f51b5" '
                     f'stroke-width="1.5" marker-end="url(#{ident}-arrow)">'
                     f'<title>{_text(hint)}</title></path>')
    return out + edges + nodes, height, [link for link, _hint in drawn]


def _spread(ends: list[tuple[str, float, int]], place: dict[str, tuple[float, float]],
            box_h: int) -> dict[int, float]:
    """``ends``: (box, where the other end is, edge number) → each edge's height at the box."""
    at_box: dict[str, list[tuple[float, int]]] = {}
    for box, other_y, number in ends:
        at_box.setdefault(box, []).append((other_y, number))
    heights: dict[int, float] = {}
    for box, items in at_box.items():
        top = place[box][1]
        items.sort()
        usable = box_h - 8
        for index, (_other, number) in enumerate(items):
            share = (index + 1) / (len(items) + 1)
            heights[number] = top + 4 + usable * share
    return heights


def _fit(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[: max(chars - 1, 1)].rstrip() + "…"
