from django.db.models import QuerySet

from kernel.territory.models import ASTANA_KATO, District, Region


def astana_districts() -> QuerySet[District]:
    return District.objects.filter(region__kato=ASTANA_KATO).order_by("kato")


def receiving_regions() -> QuerySet[Region]:
    return Region.objects.filter(receives_migrants=True).order_by("kato")


def region_by_code(code: str) -> Region | None:
    """A region by its 2-digit prefix or its full 9-digit KATO code."""
    kato = code if len(code) == 9 else f"{code[:2]}0000000"
    return Region.objects.filter(kato=kato).first()
