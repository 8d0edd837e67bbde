"""``publish_settlement_list`` and the demo data."""

import io

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from settlements import services
from settlements.models import Delivery, Recipient, Settlement, SettlementList


def test_publish_settlement_list_calls_the_publication_service(
    settlements, staff_user, head_user, django_capture_on_commit_callbacks
):
    draft = services.settlement_list_create(year=2026, by=staff_user)
    services.settlement_list_approve(settlement_list=draft, by=head_user)
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_settlement_list", str(draft.version), "--by", "head", stdout=out)
    draft.refresh_from_db()
    assert draft.status == SettlementList.Status.PUBLISHED
    assert draft.published_by == head_user
    assert draft.checksum in out.getvalue()
    assert Delivery.objects.filter(settlement_list=draft).exists()


def test_publish_settlement_list_refuses_staff_and_unknown_versions(settlements, staff_user, head_user):
    draft = services.settlement_list_create(year=2026, by=staff_user)
    services.settlement_list_approve(settlement_list=draft, by=head_user)
    with pytest.raises(CommandError, match="head"):
        call_command("publish_settlement_list", str(draft.version), "--by", "staff")
    with pytest.raises(CommandError, match="No settlement list version"):
        call_command("publish_settlement_list", "99", "--by", "head")


def test_demo_data_publishes_a_list_demo_mc_can_pull_and_is_idempotent(
    reference_data, settings, django_capture_on_commit_callbacks
):
    settings.ALLOW_DEMO_DATA = True
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo_data", "--settlements", "40", "--registrations", "0", stdout=io.StringIO())
    counts = (Settlement.objects.count(), Recipient.objects.count(), SettlementList.objects.count())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo_data", "--settlements", "40", "--registrations", "0", stdout=io.StringIO())
    assert (Settlement.objects.count(), Recipient.objects.count(), SettlementList.objects.count()) == counts
    assert counts[0] == 40
    kinds = {r.kind for r in Recipient.objects.all()}
    assert kinds == {"mobility_centre", "rural_akimat", "career_centre"}
    published = SettlementList.objects.get(status="published")
    assert not Delivery.objects.filter(settlement_list=published).exclude(status="sent").exists()

    out = io.StringIO()
    call_command("create_api_key", "demo-mc", "--scope", "settlements", stdout=out)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {out.getvalue().strip().splitlines()[-1]}")
    body = client.get("/api/v1/settlements/").json()
    assert body["count"] == published.items_count > 0
