"""Words for the values records choose from (the schemas' enums): one table per enum.

Each table maps a value to its English message; the page's language comes from the gettext
catalogs (``N_`` only marks a message for ``pybabel extract``). An empty message means the
value is shown by nothing (an exact amount needs no word, an unspecified valuation basis
none either). ``TABLES`` says which tables belong to which enum of the schemas, and a test
holds every value of every enum to a label in every language.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping


def N_(message: str) -> str:
    return message


STATUS = {
    "rumoured": N_("Rumoured"), "talks": N_("In talks"), "announced": N_("Announced"),
    "signed": N_("Signed"), "completed": N_("Completed"), "cancelled": N_("Cancelled"),
}
DEAL_KIND = {
    "equity-investment": N_("Equity investment"), "funding-round": N_("Funding round"),
    "secondary-sale": N_("Secondary share sale"), "cloud-agreement": N_("Cloud agreement"),
    "partnership": N_("Partnership"), "acquisition": N_("Acquisition"), "merger": N_("Merger"),
    "joint-venture": N_("Joint venture"), "licensing": N_("Licensing"),
}
# Many deals of a kind, as a chart names them.
DEAL_KINDS = {
    "equity-investment": N_("Equity investments"), "funding-round": N_("Funding rounds"),
    "secondary-sale": N_("Secondary share sales"), "cloud-agreement": N_("Cloud agreements"),
    "partnership": N_("Partnerships"), "acquisition": N_("Acquisitions"),
    "merger": N_("Mergers"), "joint-venture": N_("Joint ventures"),
    "licensing": N_("Licensing deals"),
}
ROLE = {
    "investor": N_("investor"), "lead-investor": N_("lead investor"),
    "co-investor": N_("co-investor"), "target": N_("target"), "buyer": N_("buyer"),
    "seller": N_("seller"), "cloud-provider": N_("cloud provider"), "customer": N_("customer"),
    "partner": N_("partner"),
}
DOCUMENT_KIND = {
    "filing": N_("filing"), "press-release": N_("press release"),
    "print-edition": N_("print edition"), "analysis": N_("analysis"),
}
VALUATION_BASIS = {
    "pre-money": N_("pre-money"), "post-money": N_("post-money"),
    "unspecified": "",
}
# How precise an amount is, around the amount as the page writes it.
QUALIFIER = {
    "exact": "", "about": N_("about %(amount)s"), "at-least": N_("at least %(amount)s"),
    "up-to": N_("up to %(amount)s"), "range": N_("%(low)s to %(high)s"),
}

# Each enum of the schemas (schemas.enums() names them) and the tables of its words.
# A figure we computed: how the page marks it beside the amount.
COMPUTED = {"sum-of-parts": N_("our calculation")}
TABLES: Mapping[str, tuple[Mapping[str, str], ...]] = {
    "deal.status": (STATUS,),
    "deal.timeline.status": (STATUS,),
    "deal.kind": (DEAL_KIND, DEAL_KINDS),
    "deal.parties.role": (ROLE,),
    "common.source.kind": (DOCUMENT_KIND,),
    "deal.round.valuation_basis": (VALUATION_BASIS,),
    "common.money.qualifier": (QUALIFIER,),
    "deal.stake.qualifier": (QUALIFIER,),
    "common.money.computed": (COMPUTED,),
}
# Enums no page writes as a word, and why.
NOT_SHOWN = {
    "author.kind": "tells search engines whether a person or a desk wrote an article "
                   "(schema.org Person or Organization)",
}


def label(table: Mapping[str, str], value: str, gettext: Callable[[str], str]) -> str:
    """The word for ``value`` in the page's language; "" where nothing is shown."""
    message = table[value]
    return gettext(message) if message else ""
