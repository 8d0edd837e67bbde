"""The admin: settlements, recipients, list versions with their items, head-only actions, deliveries."""

import pytest
from django.contrib.auth.models import Permission

from settlements import services
from settlements.models import Delivery, SettlementList


def _action(client, model, action, ids):
    return client.post(
        f"/admin/settlements/{model}/",
        {"action": action, "_selected_action": [str(i) for i in ids]},
        follow=True,
    )


@pytest.fixture
def draft(settlements, staff_user):
    return services.settlement_list_create(year=2026, by=staff_user)


@pytest.mark.parametrize("model", ["settlement", "recipient", "settlementlist", "settlementlistitem", "delivery"])
def test_staff_see_every_changelist(client, staff_user, draft, model):
    client.force_login(staff_user)
    assert client.get(f"/admin/settlements/{model}/").status_code == 200


@pytest.mark.parametrize("user", ["staff_user", "head_user"])
def test_a_version_page_has_no_save_and_links_to_its_paginated_items(client, request, user, draft):
    client.force_login(request.getfixturevalue(user))
    html = client.get(f"/admin/settlements/settlementlist/{draft.pk}/change/").content.decode()
    assert 'name="_save"' not in html and 'name="_continue"' not in html  # a version changes by its actions
    assert draft.items.first().kato not in html  # no inline of up to 10,000 items
    items_url = f"/admin/settlements/settlementlistitem/?settlement_list__id__exact={draft.pk}"
    assert items_url.replace("&", "&amp;") in html or items_url in html
    page = client.get(items_url).content.decode()
    assert draft.items.order_by("kato").first().kato in page
    found = client.get(items_url, {"q": draft.items.first().name_kk}).content.decode()
    assert draft.items.first().kato in found
    # Posting the form changes nothing and saves nothing.
    response = client.post(f"/admin/settlements/settlementlist/{draft.pk}/change/", {"year": "2030", "note": "x"})
    assert response.status_code == 403
    draft.refresh_from_db()
    assert (draft.year, draft.note) == (2026, "")


def test_staff_create_a_draft_through_the_add_form(client, staff_user, settlements):
    client.force_login(staff_user)
    response = client.post("/admin/settlements/settlementlist/add/", {"year": "2026", "note": "Spring"}, follow=True)
    assert response.status_code == 200
    created = SettlementList.objects.get()
    assert created.version == 1
    assert created.items_count == len(settlements)


def test_staff_cannot_approve_or_publish(client, staff_user, draft):
    client.force_login(staff_user)
    html = client.get("/admin/settlements/settlementlist/").content.decode()
    assert 'value="approve"' not in html
    assert 'value="publish"' not in html
    _action(client, "settlementlist", "approve", [draft.pk])
    draft.refresh_from_db()
    assert draft.status == SettlementList.Status.DRAFT


def test_the_head_approves_and_publishes_from_the_admin(client, head_user, draft, django_capture_on_commit_callbacks):
    client.force_login(head_user)
    _action(client, "settlementlist", "approve", [draft.pk])
    with django_capture_on_commit_callbacks(execute=True):
        _action(client, "settlementlist", "publish", [draft.pk])
    draft.refresh_from_db()
    assert draft.status == SettlementList.Status.PUBLISHED
    assert Delivery.objects.filter(settlement_list=draft, status=Delivery.Status.SENT).count() == 2


def test_a_refused_action_is_shown_not_raised(client, head_user, draft):
    client.force_login(head_user)
    response = _action(client, "settlementlist", "publish", [draft.pk])  # not approved yet
    assert response.status_code == 200
    assert "approved" in response.content.decode() or "бекіт" in response.content.decode()


def test_staff_retry_a_failed_delivery_from_the_admin(
    client, staff_user, settlements, publisher, django_capture_on_commit_callbacks
):
    published = publisher()
    row = Delivery.objects.get(settlement_list=published, channel=Delivery.Channel.LABOUR_EXCHANGE)
    Delivery.objects.filter(pk=row.pk).update(status="failed", last_error="HTTP 400: closed")
    client.force_login(staff_user)
    listing = client.get("/admin/settlements/delivery/").content.decode()
    assert "HTTP 400: closed" in listing
    with django_capture_on_commit_callbacks(execute=True):
        _action(client, "delivery", "retry", [row.pk])
    row.refresh_from_db()
    assert row.status == Delivery.Status.SENT


def test_the_permissions_are_granted_to_the_head_only(reference_data):
    codenames = ["approve_settlementlist", "publish_settlementlist"]
    groups = set(
        Permission.objects.filter(codename__in=codenames).values_list("group__name", flat=True).exclude(group=None)
    )
    assert groups == {"department_head"}


def test_staff_edit_a_settlement_and_it_is_audited(client, staff_user, settlements):
    from kernel.audit.models import AuditEntry

    settlement = settlements[0]
    client.force_login(staff_user)
    page = client.get(f"/admin/settlements/settlement/{settlement.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data["vacancies"] = "31"
    data["adaptation_programme"] = "on" if settlement.adaptation_programme else ""
    data["is_active"] = "on"
    response = client.post(f"/admin/settlements/settlement/{settlement.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    settlement.refresh_from_db()
    assert settlement.vacancies == 31
    entry = AuditEntry.objects.filter(object_id=str(settlement.pk), content_type__model="settlement").latest("id")
    assert entry.changes["vacancies"][1] == 31
