"""Pictures drawn at build time as inline SVG: money committed over time, and who invested
in whom.

No script, no fonts or files from elsewhere, no floating-point noise: the same content gives
the same bytes. Each picture is ``role="img"`` with a ``<title>`` and a ``<desc>`` that say
in words what it shows, and the page puts a table with the same facts next to it.

The amount charts cannot mislead: one chart per kind of deal (an equity stake, a cloud
contract and a share sale are never added up), money in the period of the event that
committed it (each tranche at its own date), and what is in no bar (no date of commitment,
only on conditions, not confirmed) named in the caption. Pictures stay readable at any
number of deals: amounts add up per month or per year, and a company's graph shows its
closest partners and counts the rest.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from html import escape
from typing import Any

from babel.dates import format_skeleton
from babel.lists import format_list
from babel.numbers import format_compact_decimal, format_decimal, get_currency_name
from babel.support import Translations

from ..content.model import Company, Deal, Money, PartialDate, Text
from ..text import formatting
from ..text.labels import DEAL_KINDS, label
from ..text.typography import tie

WIDTH = 640
INVESTING_ROLES = ("investor", "lead-investor", "co-investor", "buyer")
RECEIVING_ROLES = ("target",)
MONTHLY_UP_TO = 12  # months; a longer span, or a date known only to the year, counts by year
MAX_PER_COLUMN = 12  # companies per column of a graph; the rest are counted
MAX_NAMED_IN_DESC = 24  # facts a picture's description names before it refers to the table
MAX_LINKS_DRAWN = 24  # more links than this in a company's deals: draw the company's own only


def _attr(value: object) -> str:
    return escape(str(value), quote=True)


def _text(value: str) -> str:
    # A caption wraps like any text of the page: figures and dates stay on one line.
    return escape(tie(value), quote=False)


def _num(value: float) -> str:
    """A coordinate with at most one decimal: stable text for the same geometry."""
    text = f"{round(value, 1) + 0.0:.1f}"  # + 0.0: no "-0"
    return text.removesuffix(".0")


def _svg_open(ident: str, height: int, title: str, desc: str, width: int = WIDTH) -> list[str]:
    return [
        (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-picture" role="img" '
         f'aria-labelledby="{ident}-title {ident}-desc" viewBox="0 0 {width} {height}" '
         f'width="{width}" height="{height}">'),
        f'<title id="{ident}-title">{_text(title)}</title>',
        f'<desc id="{ident}-desc">{_text(desc)}</desc>',
    ]


def _figure(ident: str, svg: list[str], caption: str) -> str:
    return "\n".join([f'<figure class="chart" id="{ident}">', *svg, "</svg>",
                      f"<figcaption>{_text(caption)}</figcaption>", "</figure>"])


# --- money committed over time --------------------------------------------------------------

# Kinds of deal whose amounts may be added up: the same kind of money. An equity stake, a
# cloud contract and a sale of existing shares are never added into one bar.
CONFIRMED_STATUSES = ("announced", "signed", "completed")
KIND_ORDER = ("equity-investment", "funding-round", "acquisition", "merger", "joint-venture",
              "secondary-sale", "cloud-agreement", "partnership", "licensing")
MAX_NAMED_UNCOUNTED = 8  # amounts the caption names before it counts the rest


@dataclass(frozen=True)
class Commitment:
    """Money one deal committed at one time: the amount, or one of its tranches."""

    deal: Deal
    value: int  # a range counts at its lower end
    qualifier: str
    currency: str
    when: PartialDate | None  # None: no date of commitment is known
    conditional: bool = False


@dataclass
class Bar:
    """The money of one kind committed in one month or year, in one currency."""

    start: PartialDate  # the period: year and month, or year only
    label: str  # the period as the page's language writes it
    commitments: list[Commitment] = field(default_factory=list)
    total: int = 0
    total_text: str = ""  # "about $94.6 billion"
    mark: str = ""  # "≈" or "≥" where the total is not exact

    @property
    def deals(self) -> list[Deal]:
        """The deals with money in this period, each once."""
        return list({c.deal.id: c.deal for c in self.commitments}.values())


@dataclass
class Uncounted:
    """Money of a chart's kind that is in no bar, and why: no date of commitment, only if
    conditions are met, not confirmed by the parties, or the deal was cancelled."""

    reason: str  # "not-dated", "conditional", "unconfirmed", "cancelled"
    label: str  # the reason in the page's language
    commitments: list[Commitment]
    total_text: str

    @property
    def deals(self) -> list[Deal]:
        return list({c.deal.id: c.deal for c in self.commitments}.values())


@dataclass
class AmountChart:
    kind: str
    currency: str
    ident: str
    by_month: bool
    bars: list[Bar]
    uncounted: list[Uncounted]
    caption: str
    figure: str  # <figure> with the SVG and its caption


def chart_value(money: Money) -> int:
    """The figure an amount adds to a total: its value, a range's lower end."""
    return money.value if money.value is not None else money.min or 0


def commitment_date(deal: Deal) -> PartialDate | None:
    """When a deal without tranches committed its money: the day of the event that made
    it announced, signed or completed."""
    return next((e.date for e in deal.timeline if e.status in CONFIRMED_STATUSES), None)


def commitments(deal: Deal) -> list[Commitment]:
    """The money a deal committed, each part at its own date where known. With tranches,
    the tranches are what is counted (a tranche without a date is not dated), also in a
    deal whose record gives no amount of its own (its parts' sum would be ours)."""
    if deal.tranches:
        return [Commitment(deal, chart_value(t.amount), t.amount.qualifier, t.amount.currency,
                           t.date, t.conditional) for t in deal.tranches]
    if deal.amount is None:
        return []
    return [Commitment(deal, chart_value(deal.amount), deal.amount.qualifier,
                       deal.amount.currency, commitment_date(deal))]


@dataclass(frozen=True)
class ChartInput:
    """Everything ``amount_charts`` reads of one deal: its place among the deals (newest
    first), kind and status, the money it committed (value, qualifier, currency, date,
    conditional) and its headline, which a caption names when the money is in no bar."""

    first_reported: PartialDate
    id: str
    kind: str
    status: str
    money: tuple[tuple[int, str, str, PartialDate | None, bool], ...]
    headline: Text


def chart_input(deal: Deal) -> ChartInput:
    return ChartInput(deal.first_reported, deal.id, deal.kind, deal.status,
                      tuple((c.value, c.qualifier, c.currency, c.when, c.conditional)
                            for c in commitments(deal)), deal.headline)


def charted(inputs: Iterable[ChartInput]) -> tuple[Any, ...]:
    """What the charts show of every deal: all of each deal's input but the headline,
    which counts only where a caption names the deal (money in no bar, the first
    MAX_NAMED_UNCOUNTED deals of each reason). The page registry compares this between
    builds (pages/deals.py, AMOUNT_CHARTS): a headline the charts do not show changes nothing."""
    ordered = sorted(inputs, key=lambda i: (i.first_reported, i.id), reverse=True)
    named: dict[tuple[str, str, str], list[str]] = {}
    for item in ordered:
        for value, _qualifier, currency, when, conditional in item.money:
            reason = _reason_of(item.status, conditional, when)
            if reason is not None:
                listed = named.setdefault((item.kind, currency, reason), [])
                if item.id not in listed and len(listed) < MAX_NAMED_UNCOUNTED:
                    listed.append(item.id)
    shown = {ident for listed in named.values() for ident in listed}
    return tuple((i.first_reported, i.id, i.kind, i.status, i.money,
                  i.headline if i.id in shown else None) for i in ordered)


def _reason(commitment: Commitment) -> str | None:
    """Why a commitment is in no bar; None when it is counted."""
    return _reason_of(commitment.deal.status, commitment.conditional, commitment.when)


def _reason_of(status: str, conditional: bool, when: PartialDate | None) -> str | None:
    if status == "cancelled":
        return "cancelled"
    if status not in CONFIRMED_STATUSES:
        return "unconfirmed"
    if conditional:
        return "conditional"
    if when is None:
        return "not-dated"
    return None


def _total_qualifier(qualifiers: set[str]) -> str:
    if qualifiers <= {"exact"}:
        return "exact"
    if qualifiers <= {"exact", "at-least", "range"}:  # ranges count at their lower end
        return "at-least"
    return "about"


def amount_charts(deals: list[Deal], lang: str, words: Translations) -> list[AmountChart]:
    """One chart per kind of deal and currency (amounts are never converted, and unlike
    kinds of money are never added up), the kinds in a fixed order."""
    groups: dict[tuple[str, str], list[Commitment]] = {}
    for deal in deals:
        for commitment in commitments(deal):
            groups.setdefault((deal.kind, commitment.currency), []).append(commitment)
    order = sorted(groups, key=lambda g: (*_kind_order(g[0]), -len(groups[g]), g[1]))
    charts = [_amount_chart(kind, currency, groups[(kind, currency)], lang, words)
              for kind, currency in order]
    return [chart for chart in charts if chart is not None]


def _kind_order(kind: str) -> tuple[int, str]:
    return (KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER), kind)


def charted_kinds(deals: Iterable[Deal],
                  counted: Callable[[Deal], bool] | None = None) -> list[str]:
    """The kinds of deal ``amount_charts`` draws charts of, in its order, without drawing
    them: those with money counted in some bar (``counted``: whether a deal's is, as
    ``counts_in_a_bar`` tells, perhaps remembered from an earlier call)."""
    counted = counted or counts_in_a_bar
    return sorted({deal.kind for deal in deals if counted(deal)}, key=_kind_order)


def counts_in_a_bar(deal: Deal) -> bool:
    """Whether some of a deal's money is counted in a chart's bar."""
    return any(_reason(commitment) is None for commitment in commitments(deal))


def _periods(dates: list[PartialDate]) -> tuple[bool, list[PartialDate]]:
    first, last = min(dates), max(dates)
    span = (last.year - first.year) * 12 + (last.month - first.month) + 1
    by_month = all(d.month for d in dates) and span <= MONTHLY_UP_TO
    if by_month:
        months = [(first.year * 12 + first.month - 1) + i for i in range(span)]
        return True, [PartialDate(m // 12, m % 12 + 1) for m in months]
    return False, [PartialDate(year) for year in range(first.year, last.year + 1)]


def kind_words(kind: str, _: Callable[[str], str]) -> str:
    return label(DEAL_KINDS, kind, _)


def _sum_text(items: list[Commitment], currency: str, lang: str,
              _: Callable[[str], str]) -> tuple[int, str, str]:
    """Total, total as the page writes it, and its mark ("≈", "≥" or "")."""
    total = sum(c.value for c in items)
    qualifier = _total_qualifier({c.qualifier for c in items})
    text = formatting.qualified(formatting.amount_text(total, currency, lang), qualifier, _)
    return total, text, {"exact": "", "at-least": "≥", "about": "≈"}[qualifier]


def _amount_chart(kind: str, currency: str, found: list[Commitment], lang: str,
                  words: Translations) -> AmountChart | None:
    _, ngettext = words.ugettext, words.ungettext
    locale = formatting.locale(lang)
    counted = [c for c in found if _reason(c) is None]
    if not counted:
        return None
    by_month, periods = _periods([c.when for c in counted])  # type: ignore[misc]
    bars = {p: Bar(p, _period_label(p, locale)) for p in periods}
    for commitment in sorted(counted, key=lambda c: (c.when, c.deal.id)):
        when = commitment.when
        assert when is not None
        bars[PartialDate(when.year, when.month) if by_month else PartialDate(when.year)
             ].commitments.append(commitment)
    for bar in bars.values():
        if bar.commitments:
            bar.total, bar.total_text, bar.mark = _sum_text(bar.commitments, currency, lang, _)
    ordered = [bars[p] for p in periods]
    reasons = {"not-dated": _("with no known date of commitment"),
               "conditional": _("payable only if conditions are met"),
               "unconfirmed": _("not confirmed by the parties"),
               "cancelled": _("in deals since cancelled")}
    uncounted = []
    for reason, words_for_it in reasons.items():
        items = [c for c in found if _reason(c) == reason]
        if items:
            uncounted.append(Uncounted(reason, words_for_it, items,
                                       _sum_text(items, currency, lang, _)[1]))

    currency_name = get_currency_name(currency, 2, locale=locale)
    ident = f"amounts-{kind}-{currency.lower()}"
    values = {"kind": kind_words(kind, _), "currency": currency_name}
    title = (_("%(kind)s: money committed per month, in %(currency)s") if by_month else
             _("%(kind)s: money committed per year, in %(currency)s")) % values
    filled = [b for b in ordered if b.commitments]
    facts = [f"{b.label}: {b.total_text} (" + ngettext("%(num)d deal", "%(num)d deals",
                                                       len(b.deals)) % {"num": len(b.deals)}
             + ")" for b in filled]
    if len(facts) > MAX_NAMED_IN_DESC:
        largest = sorted(filled, key=lambda b: (-b.total, b.start))[:5]
        facts = [f"{b.label}: {b.total_text}" for b in largest]
        listing = _("Largest totals: %(list)s.") % {"list": "; ".join(facts)}
    else:
        listing = "; ".join(facts) + "."
    # What is counted, and how, is the same for every chart: the page says it once, above
    # its charts (templates/pages/_amount_charts.md.j2); a caption names only its own.
    caption_parts = [title + "."]
    if uncounted:
        named = [_("%(amount)s %(reason)s (%(deals)s)") % {
            "amount": group.total_text, "reason": group.label,
            "deals": _named_deals(group.commitments, lang, words)} for group in uncounted]
        caption_parts.append(_("In no bar: %(list)s.") % {"list": "; ".join(named)})
    caption = " ".join(caption_parts)
    desc = " ".join([listing, _("The table below gives the same figures.")])
    svg = _svg_open(ident, _bars_height(ordered), title, desc, width=BARS_WIDTH) + _bars(
        ordered, lang)
    return AmountChart(kind, currency, ident, by_month, ordered, uncounted, caption,
                       _figure(ident, svg, caption))


def _named_deals(items: list[Commitment], lang: str, words: Translations) -> str:
    deals = list({c.deal.id: c.deal for c in items}.values())
    names = [_headline(d, lang) for d in deals[:MAX_NAMED_UNCOUNTED]]
    if len(deals) > MAX_NAMED_UNCOUNTED:
        names.append(words.ugettext("%(num)d more") % {"num": len(deals) - MAX_NAMED_UNCOUNTED})
    return format_list(names, locale=formatting.locale(lang))


def _headline(deal: Deal, lang: str) -> str:
    return deal.headline.get(lang) or next(iter(deal.headline.versions.values()))


def _period_label(period: PartialDate, locale: str) -> str:
    if period.month:
        return format_skeleton("yMMM", date(period.year, period.month, 1), locale=locale)
    return str(period.year)


def _compact(value: int, lang: str) -> str:
    locale = formatting.locale(lang)
    if value < 10_000:
        return format_decimal(value, locale=locale)
    return format_compact_decimal(value, format_type="short", locale=locale, fraction_digits=2)


# Horizontal bars, one row per period: narrow enough to stay at its own size (12 px text)
# in a phone's column, 390 px wide, instead of shrinking with it.
BARS_WIDTH = 340
_ROW, _BAR, _TOP, _LABEL_W, _VALUE_W, _FONT = 26, 16, 8, 72, 84, 12


def _bars_height(bars: list[Bar]) -> int:
    return _TOP + len(bars) * _ROW + 6


def _bars(bars: list[Bar], lang: str) -> list[str]:
    plot_w = BARS_WIDTH - _LABEL_W - _VALUE_W
    top_value = max(b.total for b in bars) or 1
    out: list[str] = []
    for index, bar in enumerate(bars):
        y = _TOP + index * _ROW
        middle = _num(y + _ROW / 2)
        out.append(f'<text class="tick" x="{_LABEL_W - 8}" y="{middle}" dy="4" '
                   f'text-anchor="end" fill="currentColor" font-size="{_FONT}">'
                   f'{_text(bar.label)}</text>')
        if bar.commitments:
            width = max(plot_w * bar.total / top_value, 1.0)
            out.append(f'<rect class="bar" x="{_LABEL_W}" y="{_num(y + (_ROW - _BAR) / 2)}" '
                       f'width="{_num(width)}" height="{_BAR}" fill="#3f51b5" '
                       f'data-total="{bar.total}"><title>{_text(bar.label)}: '
                       f'{_text(bar.total_text)}</title></rect>')
            value = f"{bar.mark}{_compact(bar.total, lang)}"
            out.append(f'<text class="value" x="{_num(_LABEL_W + width + 6)}" y="{middle}" '
                       f'dy="4" fill="currentColor" font-size="{_FONT}">{_text(value)}</text>')
        else:
            out.append(f'<text class="value none" x="{_LABEL_W + 6}" y="{middle}" dy="4" '
                       f'fill="currentColor" font-size="{_FONT}">–</text>')
    out.append(f'<line class="axis" x1="{_LABEL_W}" x2="{_LABEL_W}" y1="{_TOP}" '
               f'y2="{_TOP + len(bars) * _ROW}" stroke="currentColor" stroke-width="1"/>')
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
    not_drawn = len(links) - len(shown)
    values = {"company": name(company), "num": not_drawn}
    in_words = [_("%(investor)s in %(target)s") % {"investor": name(k.source),
                                                    "target": name(k.target)} for k in shown]
    listed = format_list(in_words[:MAX_NAMED_IN_DESC], locale=formatting.locale(lang))
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
                           not_drawn=not_drawn)


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
