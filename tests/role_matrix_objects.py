"""One object of each domain model for the role matrix to put in its URLs, made through the
services where a service makes them (so the object is in a state its pages can show)."""

import datetime

from django.contrib.auth import get_user_model


def _head():
    return get_user_model().objects.get(username="head")


def make_quota():
    from astana_migration.territory.models import Region
    from quotas.services import quota_create

    return quota_create(
        kind="kandas", region=Region.objects.get(kato="550000000"), period_start=2026, limit_persons=50, by=None
    )


def make_settlement(region_kato="550000000"):
    from astana_migration.territory.models import RuralDistrict
    from settlements.models import Settlement

    rural = RuralDistrict.objects.filter(district__region__kato=region_kato).select_related("district").first()
    return Settlement.objects.get_or_create(
        kato=rural.kato[:6] + "101",
        defaults={
            "name_kk": "Жаңаауыл",
            "name_ru": "Жанаауыл",
            "region": rural.district.region,
            "district": rural.district,
            "rural_district": rural,
            "kind": "rural",
            "development_potential": "high",
            "vacancies": 5,
        },
    )[0]


def make_admission():
    from quotas.models import Quota
    from quotas.services import admission_create

    quota = Quota.objects.order_by("pk").first() or make_quota()
    head = {"iin": "860912350786", "surname": "Сейітов", "name": "Нұрлан", "patronymic": "", "birth_date": "1986-09-12"}
    return admission_create(
        quota=quota,
        head=head,
        settlement=make_settlement(quota.region.kato),
        admitted_on=datetime.date(2026, 3, 2),
        by=None,
    )


def published_version() -> int:
    """The version number of a published settlement list (published by the head if none is)."""
    from settlements.models import SettlementList
    from settlements.services.lists import settlement_list_approve, settlement_list_create, settlement_list_publish

    published = SettlementList.objects.filter(status="published").order_by("version").first()
    if published is None:
        make_settlement()
        draft = settlement_list_create(year=2026, by=_head())
        approved = settlement_list_approve(settlement_list=draft, by=_head())
        published = settlement_list_publish(settlement_list=approved, by=_head())
    return published.version


def version_with_a_predecessor() -> int:
    """The latest of two published versions (so ``changes/`` has something to compare with)."""
    from settlements.models import SettlementList
    from settlements.services.lists import settlement_list_approve, settlement_list_create, settlement_list_publish

    published_version()
    if SettlementList.objects.filter(status="published").count() < 2:
        draft = settlement_list_create(year=2026, by=_head())
        settlement_list_publish(settlement_list=settlement_list_approve(settlement_list=draft, by=_head()), by=_head())
    return SettlementList.objects.filter(status="published").order_by("-version").first().version


def make_recipient():
    from settlements.models import Recipient

    return Recipient.objects.create(code="matrix-mc", kind="mobility_centre", name="Еңбек мобильділігі орталығы")
