"""The sentences of a proposal's letter that name what changes: whole sentences per kind and
direction, with the territory and the period in the form the language needs.

Kazakh puts the territory before a postposition ("Павлодар облысы бойынша") and needs no change
to it; Russian governs it with "по" and the dative ("по Павлодарской области"), which ``_ru_dative``
forms from the nominative names of the territory reference (regions, cities, districts).
"""

import re

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kernel.numbers import count_text
from proposals.models import Direction, Proposal

# Russian names of Kazakhstan's regions, cities and districts in the nominative → the dative.
_RU_DATIVE = [
    (re.compile(r"^(.*)ая область$"), r"\1ой области"),
    (re.compile(r"^область (.*)$"), r"области \1"),
    (re.compile(r"^(.*)ий район$"), r"\1ому району"),
    (re.compile(r"^(.*)ый район$"), r"\1ому району"),
    (re.compile(r"^район (.*)$"), r"району \1"),
    (re.compile(r"^город (.*)$"), r"городу \1"),
]


def _ru_dative(name: str) -> str:
    for pattern, replacement in _RU_DATIVE:
        if pattern.match(name):
            return pattern.sub(replacement, name)
    return name  # "г. Алматы", "Астана": indeclinable as written


def _territory(quota) -> str:
    place = quota.district or quota.region
    if translation.get_language() == "ru":
        return _ru_dative(place.name_ru)
    return place.name_kk if translation.get_language() == "kk" else place.name


def _period(quota) -> str:
    if quota.period_start == quota.period_end:
        return _("for %(year)s") % {"year": quota.period_start}
    return _("for %(start)s–%(end)s") % {"start": quota.period_start, "end": quota.period_end}


def _number(value: int) -> str:
    return count_text(value)


def _limits(proposal: Proposal) -> tuple[int, int]:
    """The person limit before the change (as frozen at submission, else the quota's now) and after."""
    quota = proposal.quota
    before = (proposal.evidence or {}).get("quota", {}).get("limit_persons", quota.limit_persons)
    delta = proposal.amount if proposal.direction == Direction.INCREASE else -proposal.amount
    return before, before + delta


# One sentence per quota kind and direction: the kind is declined inside it, in each language.
SUBJECTS = {
    ("kandas", Direction.INCREASE): gettext_noop(
        "On increasing the regional quota for admitting kandases for %(territory)s "
        "%(period)s from %(before)s to %(after)s persons"
    ),
    ("kandas", Direction.DECREASE): gettext_noop(
        "On decreasing the regional quota for admitting kandases for %(territory)s "
        "%(period)s from %(before)s to %(after)s persons"
    ),
    ("resettler", Direction.INCREASE): gettext_noop(
        "On increasing the regional quota for admitting resettlers for %(territory)s "
        "%(period)s from %(before)s to %(after)s persons"
    ),
    ("resettler", Direction.DECREASE): gettext_noop(
        "On decreasing the regional quota for admitting resettlers for %(territory)s "
        "%(period)s from %(before)s to %(after)s persons"
    ),
    ("foreign_labour", Direction.INCREASE): gettext_noop(
        "On increasing the quota for attracting foreign labour for "
        "%(territory)s %(period)s from %(before)s to %(after)s persons"
    ),
    ("foreign_labour", Direction.DECREASE): gettext_noop(
        "On decreasing the quota for attracting foreign labour for "
        "%(territory)s %(period)s from %(before)s to %(after)s persons"
    ),
    ("labour_immigrant", Direction.INCREASE): gettext_noop(
        "On increasing the quota for attracting labour immigrants for "
        "%(territory)s %(period)s from %(before)s to %(after)s persons"
    ),
    ("labour_immigrant", Direction.DECREASE): gettext_noop(
        "On decreasing the quota for attracting labour immigrants for "
        "%(territory)s %(period)s from %(before)s to %(after)s persons"
    ),
}
SENTENCES = {
    Direction.INCREASE: gettext_noop(
        "the Department of Employment and Social Protection of Astana proposes to increase "
        "%(quota)s for %(territory)s %(period)s by %(amount)s persons: from %(before)s to %(after)s persons."
    ),
    Direction.DECREASE: gettext_noop(
        "the Department of Employment and Social Protection of Astana proposes to decrease "
        "%(quota)s for %(territory)s %(period)s by %(amount)s persons: from %(before)s to %(after)s persons."
    ),
}
# The quota's name as the object of "increase"/"decrease" (accusative in both languages).
QUOTA_OBJECTS = {
    "kandas": gettext_noop("the regional quota for admitting kandases"),
    "resettler": gettext_noop("the regional quota for admitting resettlers"),
    "foreign_labour": gettext_noop("the quota for attracting foreign labour"),
    "labour_immigrant": gettext_noop("the quota for attracting labour immigrants"),
}


def _values(proposal: Proposal) -> dict:
    before, after = _limits(proposal)
    return {
        "territory": _territory(proposal.quota),
        "period": _period(proposal.quota),
        "before": _number(before),
        "after": _number(after),
        "amount": _number(proposal.amount),
    }


def quota_subject(proposal: Proposal) -> str:
    return _(SUBJECTS[(proposal.quota.kind, proposal.direction)]) % _values(proposal)


def quota_sentence(proposal: Proposal) -> str:
    quota_object = _(QUOTA_OBJECTS[proposal.quota.kind])
    return _(SENTENCES[proposal.direction]) % {**_values(proposal), "quota": quota_object}


def territory_subject(proposal: Proposal) -> str:
    if proposal.direction == Direction.ASSIGN:
        text = _("On assigning the territory “%(district)s” to the regions for settling kandases and resettlers")
    else:
        text = _("On not assigning the territory “%(district)s” to the regions for settling kandases and resettlers")
    return text % {"district": proposal.district.name}


def territory_sentence(proposal: Proposal) -> str:
    if proposal.direction == Direction.ASSIGN:
        text = _(
            "the Department of Employment and Social Protection of Astana proposes to assign the territory "
            "“%(district)s” to the regions for settling kandases and resettlers."
        )
    else:
        text = _(
            "the Department of Employment and Social Protection of Astana proposes not to assign the territory "
            "“%(district)s” to the regions for settling kandases and resettlers."
        )
    return text % {"district": proposal.district.name}
