"""One object of each domain model for the role matrix to put in its URLs, made through the
services where a service makes them (so the object is in a state its pages can show)."""

import datetime

from django.contrib.auth import get_user_model


def _head():
    return get_user_model().objects.get(username="head")


def make_quota():
    from kernel.territory.models import Region
    from quotas.services import quota_create

    return quota_create(
        kind="kandas", region=Region.objects.get(kato="550000000"), period_start=2026, limit_persons=50, by=None
    )


def make_settlement(region_kato="550000000"):
    from kernel.territory.models import RuralDistrict
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


# --- monitoring (issue 6) ------------------------------------------------------------------------


def make_indicator_value():
    """A value entered from statistics (natural increase is kept apart, on its own admin page)."""
    from monitoring.models import Indicator
    from monitoring.services import indicator_value_enter

    indicator = Indicator.objects.filter(source=Indicator.Source.ENTERED, parent__isnull=True).exclude(
        code="natural_increase"
    )[0]
    return indicator_value_enter(
        indicator=indicator, period="2026", district=None, value=7, source_document="БНС, бюллетень", by=None
    )


def make_outflow_alert():
    """An outflow alert with its measure plan: the year's indicators recomputed (outflow 0), then a
    natural increase below zero entered for the whole city, which the outflow then exceeds."""
    from monitoring.models import OutflowAlert
    from monitoring.services import indicators_recompute, natural_increase_enter

    alert = OutflowAlert.objects.order_by("pk").first()
    if alert is None:
        indicators_recompute(year=2026, today=datetime.date(2026, 12, 31))
        natural_increase_enter(
            period="2026-Q1", district=None, births=1, deaths=3, source_document="БНС, бюллетень", by=None
        )
        alert = OutflowAlert.objects.get()
    return alert


def make_forecast():
    from monitoring.services import forecasts_compute

    return forecasts_compute(base_year=2026, today=datetime.date(2026, 12, 31))


def make_facility_capacity():
    from monitoring.services import facility_capacity_enter

    return facility_capacity_enter(
        district=None,
        facility="school",
        capacity=1000,
        as_of=datetime.date(2026, 9, 1),
        source_document="Управление образования",
        by=None,
    )


def make_fill_report():
    """A ready fill report (XLSX, Kazakh) of the first quarter of 2026, ordered by the analyst and
    built here (its job is enqueued on commit, which a test's transaction never reaches)."""
    from quotas.services import fill_report_build, fill_report_request

    report = fill_report_request(
        by=get_user_model().objects.get(username="analyst"),
        year=2026,
        period_kind="quarter",
        number=1,
        format="xlsx",
        language="kk",
        today=datetime.date(2026, 4, 1),
    )
    return fill_report_build(report_id=report.pk, today=datetime.date(2026, 4, 1))


def make_report():
    """A ready CSV report ordered by the analyst. Its job is enqueued on commit, which a test's
    transaction never reaches: the worker's service builds it here."""
    from monitoring.services import report_build, report_request

    report = report_request(
        by=get_user_model().objects.get(username="analyst"),
        periods=["2026"],
        districts=[None],
        indicators=["natural_increase"],
        format="csv",
        language="kk",
    )
    return report_build(report_id=report.pk)


# --- proposals (issue 7) -------------------------------------------------------------------------


def make_proposal():
    """A draft proposal for more kandas places, drafted by staff."""
    from proposals.services import proposal_create
    from quotas.models import Quota

    quota = Quota.objects.filter(kind="kandas").order_by("pk").first() or make_quota()
    return proposal_create(
        kind="regional",
        direction="increase",
        quota=quota,
        amount=40,
        horizon="",
        justification="Павлодар облысы кандастар квотасының көбін пайдаланды.",
        by=get_user_model().objects.get(username="staff"),
    )


def entered_value_pk() -> int:
    from monitoring.models import Indicator, IndicatorValue

    value = (
        IndicatorValue.objects.filter(indicator__source=Indicator.Source.ENTERED)
        .exclude(indicator__code="natural_increase")
        .order_by("pk")
        .first()
    )
    return (value or make_indicator_value()).pk


def natural_increase_pk() -> int:
    from monitoring.models import NaturalIncrease

    make_outflow_alert()
    return NaturalIncrease.objects.filter(indicator__code="natural_increase").order_by("pk").first().pk


def make_registration_record():
    from kernel.territory.models import District
    from registration.models import RegistrationRecord

    return RegistrationRecord.objects.create(
        iin="860912350786",
        surname="Сейітова",
        name="Әйгерім",
        birth_date=datetime.date(1986, 9, 12),
        sex="F",
        citizenship="KAZ",
        category="citizen",
        kind="permanent",
        district=District.objects.get(kato="711210000"),
        street="Сарыарқа даңғылы",
        building="10",
        registered_on=datetime.date(2025, 3, 14),
        purpose="family",
    )


def make_import_batch():
    """A rejected import (a file with a bad header), so its error report exists to download."""
    from registration.services import import_batch_submit

    return import_batch_submit(content=b"iin;surname\n1;x\n", file_name="matrix.csv", by=_head())
