"""Reads of quotas and admissions: lists for the API and the admin, utilisation aggregates."""

from django.db.models import Count, Q, QuerySet, Sum

from quotas.models import Admission, Quota


def quota_list() -> QuerySet[Quota]:
    return Quota.objects.select_related("region", "district").order_by(
        "-period_start", "kind", "region__kato", "district__kato", "pk"
    )


def quotas_covering_year(queryset: QuerySet[Quota], year: int) -> QuerySet[Quota]:
    """Quotas whose period (one year or a medium-term range) includes ``year``."""
    return queryset.filter(period_start__lte=year, period_end__gte=year)


def quota_years() -> list[int]:
    """Every year some quota covers, newest first (for the admin's year filter)."""
    years: set[int] = set()
    for start, end in Quota.objects.values_list("period_start", "period_end").distinct():
        years.update(range(start, end + 1))
    return sorted(years, reverse=True)


def quota_utilisation_by_settlement(quota: Quota) -> list[dict]:
    """Families and persons admitted per settlement of arrival (admitted, not cancelled)."""
    rows = (
        Admission.objects.filter(quota=quota, status=Admission.Status.ADMITTED)
        .values("settlement__kato", "settlement__name_kk", "settlement__name_ru")
        .annotate(families=Count("pk"), persons=Sum("persons"))
        .order_by("-persons", "settlement__kato")
    )
    return [
        {
            "settlement": row["settlement__kato"],
            "name_kk": row["settlement__name_kk"],
            "name_ru": row["settlement__name_ru"],
            "families": row["families"],
            "persons": row["persons"],
        }
        for row in rows
    ]


def quota_counters_from_admissions(quota: Quota) -> dict:
    """The counters recomputed from the admissions themselves (tests and consistency checks)."""
    totals = Admission.objects.filter(quota=quota).aggregate(
        persons=Sum("persons", filter=Q(status=Admission.Status.ADMITTED), default=0),
        families=Count("pk", filter=Q(status=Admission.Status.ADMITTED)),
    )
    return {"used_persons": totals["persons"], "used_families": totals["families"]}


def admission_list() -> QuerySet[Admission]:
    return Admission.objects.select_related("quota", "quota__region", "quota__district", "settlement").order_by(
        "-admitted_on", "-pk"
    )
