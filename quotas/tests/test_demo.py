"""`load_demo_data`'s part for quotas: real-scale quotas, partly filled, and nothing new on a rerun."""

import io
import random

import pytest
from django.db.models import Sum

from quotas import demo
from quotas.models import Admission, Quota
from quotas.selectors import quota_counters_from_admissions
from settlements.models import Settlement

# Runs today and again at the calendar's edges (conftest.CALENDAR_EDGES).
pytestmark = pytest.mark.calendar


def _load(seed=2024):
    out = io.StringIO()
    demo.load(rng=random.Random(seed), options={}, stdout=out)
    return out.getvalue()


def test_it_creates_real_scale_quotas_partly_filled_once_however_often_it_runs(reference_data):
    _load()
    quotas = Quota.objects.filter(period_start=2026)
    assert quotas.filter(kind="kandas").aggregate(total=Sum("limit_persons"))["total"] == 2281
    assert quotas.filter(kind="resettler").aggregate(total=Sum("limit_persons"))["total"] == 5997
    assert quotas.get(kind="kandas", region__kato="550000000").limit_persons == 977
    assert quotas.get(kind="resettler", region__kato="590000000").limit_persons == 2820
    assert quotas.filter(kind="foreign_labour", limit_compatriots__gt=0).exists()
    for quota in quotas.filter(kind__in=Quota.FAMILY_KINDS):
        # Partly filled, and the counters agree with the families admitted.
        assert 0 < quota.used_persons < quota.limit_persons
        assert quota_counters_from_admissions(quota) == {
            "used_persons": quota.used_persons,
            "used_families": quota.used_families,
        }
    assert Settlement.objects.exists()

    # make run loads demo data on every start: a second run adds nothing.
    counts = (Quota.objects.count(), Admission.objects.count(), Settlement.objects.count())
    _load(seed=7)
    assert (Quota.objects.count(), Admission.objects.count(), Settlement.objects.count()) == counts
