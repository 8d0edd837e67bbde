"""Redis down at publication (broker, cache and result backend on it): the head's action and the
command answer at once, the list is published, its deliveries wait for the sweep."""

import io
import time

import pytest
from django.core.management import call_command

from settlements import selectors, services
from settlements.models import Delivery, SettlementList


def _action(client, action, ids):
    return client.post(
        "/admin/settlements/settlementlist/",
        {"action": action, "_selected_action": [str(i) for i in ids]},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )


@pytest.mark.django_db(transaction=True)
def test_the_head_publishes_with_redis_down_and_is_told_the_deliveries_wait(
    client, settlements, head_user, portal_redis
):
    draft = services.settlement_list_create(year=2026, by=head_user)
    services.settlement_list_approve(settlement_list=draft, by=head_user)
    client.force_login(head_user)
    portal_redis.stop()
    started = time.monotonic()
    response = _action(client, "publish", [draft.pk])
    # Was a 500 after ~20 s (the result backend's RuntimeError), although the publication committed.
    assert response.status_code == 200
    assert time.monotonic() - started < 10
    assert SettlementList.objects.get(pk=draft.pk).status == SettlementList.Status.PUBLISHED
    rows = Delivery.objects.filter(settlement_list=draft)
    assert rows.count() == 2
    assert set(rows.values_list("status", flat=True)) == {Delivery.Status.PENDING}
    assert selectors.deliveries_waiting_for_queue([draft.pk]) == 2
    messages = [str(m) for m in response.context["messages"]]
    assert any("2 deliveries are waiting" in m for m in messages), messages

    portal_redis.start()
    assert services.delivery_sweep() == 2
    assert selectors.deliveries_waiting_for_queue([draft.pk]) == 0


@pytest.mark.django_db(transaction=True)
def test_publish_settlement_list_finishes_without_traceback_with_redis_down(settlements, head_user, portal_redis):
    draft = services.settlement_list_create(year=2026, by=head_user)
    services.settlement_list_approve(settlement_list=draft, by=head_user)
    portal_redis.stop()
    out = io.StringIO()
    call_command("publish_settlement_list", str(draft.version), "--by", "head", stdout=out)
    assert SettlementList.objects.get(pk=draft.pk).status == SettlementList.Status.PUBLISHED
    assert "2 of the deliveries are waiting" in out.getvalue()
