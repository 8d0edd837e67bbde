"""The canonical JSON of a settlement list version, built once at publication.

An item's JSON is the object the API returns for it (docs/architecture.md "External contracts"). Keys are
sorted and separators compact, so the same data always gives the same bytes: the version's
document is ``{"items": [...], "version": N, "year": Y}`` in that form, and its sha256 is the
checksum, the Labour Exchange's idempotency key and the root of the API's ETag.
"""

import hashlib
import json

from settlements.models import Settlement, SettlementListItem

# The snapshot fields an item copies from its settlement, in the order the API documents them.
ITEM_FIELDS = [
    "kato",
    "name_kk",
    "name_ru",
    "region",
    "district",
    "rural_district",
    "kind",
    "development_potential",
    "population",
    "vacancies",
    "housing_available",
    "adaptation_programme",
    "mobility_centre",
]


def canonical_json(value) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def checksum(document: str) -> str:
    return hashlib.sha256(document.encode("utf-8")).hexdigest()


def item_values(settlement: Settlement) -> dict:
    """The model fields of a list item, copied from a settlement (its territory as KATO codes).

    The settlement must come with ``region``, ``district``, ``rural_district`` and
    ``mobility_centre`` selected, or each access costs a query.
    """
    centre = settlement.mobility_centre
    return {
        "settlement": settlement,
        "kato": settlement.kato,
        "name_kk": settlement.name_kk,
        "name_ru": settlement.name_ru,
        "region": settlement.region.kato,
        "district": settlement.district.kato,
        "rural_district": settlement.rural_district.kato if settlement.rural_district_id else "",
        "kind": settlement.kind,
        "development_potential": settlement.development_potential,
        "population": settlement.population,
        "vacancies": settlement.vacancies,
        "housing_available": settlement.housing_available,
        "adaptation_programme": settlement.adaptation_programme,
        "mobility_centre_name": centre.name if centre else "",
        "mobility_centre_phone": centre.phone if centre else "",
        "mobility_centre_email": centre.email if centre else "",
    }


def item_object(item: SettlementListItem) -> dict:
    """The API object of an item."""
    has_centre = bool(item.mobility_centre_name or item.mobility_centre_phone or item.mobility_centre_email)
    return {
        "kato": item.kato,
        "name_kk": item.name_kk,
        "name_ru": item.name_ru,
        "region": item.region,
        "district": item.district,
        "rural_district": item.rural_district or None,
        "kind": item.kind,
        "development_potential": item.development_potential,
        "population": item.population,
        "vacancies": item.vacancies,
        "housing_available": item.housing_available,
        "adaptation_programme": item.adaptation_programme,
        "mobility_centre": {
            "name": item.mobility_centre_name,
            "phone": item.mobility_centre_phone,
            "email": item.mobility_centre_email,
        }
        if has_centre
        else None,
    }


def item_fragment(item: SettlementListItem) -> str:
    return canonical_json(item_object(item))


def version_document(*, version: int, year: int, fragments: list[str]) -> str:
    """The canonical document of a version from its items' fragments (already canonical, in KATO
    order). Equal to ``canonical_json({"items": [...], "version": version, "year": year})``."""
    return '{"items":[' + ",".join(fragments) + '],"version":' + str(int(version)) + ',"year":' + str(int(year)) + "}"
