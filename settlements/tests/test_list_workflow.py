"""The settlement list's versions: draft → approved (head) → published, frozen for ever."""

import hashlib
import json

import pytest
from django.db import IntegrityError, connection, transaction

from settlements import services
from settlements.errors import SettlementListError
from settlements.models import Settlement, SettlementList, SettlementListItem

# Runs today and again at the calendar's edges (conftest.CALENDAR_EDGES).
pytestmark = pytest.mark.calendar


def test_it_numbers_versions_in_one_sequence_across_years(settlements, staff_user):
    first = services.settlement_list_create(year=2026, by=staff_user)
    second = services.settlement_list_create(year=2027, by=staff_user)
    assert (first.version, second.version) == (1, 2)
    assert first.status == SettlementList.Status.DRAFT


def test_a_draft_holds_the_settlements_offered_for_resettlement(settlements, staff_user):
    # A settlement taken off the list ("offered for resettlement" unticked) is not in the draft.
    Settlement.objects.filter(pk=settlements[0].pk).update(is_active=False)
    draft = services.settlement_list_create(year=2026, by=staff_user)
    assert draft.items_count == len(settlements) - 1
    assert not draft.items.filter(kato=settlements[0].kato).exists()


def test_refresh_retakes_the_snapshot_of_a_draft(settlements, staff_user):
    draft = services.settlement_list_create(year=2026, by=staff_user)
    Settlement.objects.filter(pk=settlements[1].pk).update(vacancies=777)
    services.settlement_list_refresh(settlement_list=draft, by=staff_user)
    assert draft.items.get(kato=settlements[1].kato).vacancies == 777


def test_only_the_head_approves_and_publishes(settlements, staff_user, head_user):
    draft = services.settlement_list_create(year=2026, by=staff_user)
    with pytest.raises(SettlementListError):
        services.settlement_list_approve(settlement_list=draft, by=staff_user)
    approved = services.settlement_list_approve(settlement_list=draft, by=head_user)
    with pytest.raises(SettlementListError):
        services.settlement_list_publish(settlement_list=approved, by=staff_user)


def test_a_draft_cannot_skip_approval(settlements, staff_user, head_user):
    draft = services.settlement_list_create(year=2026, by=staff_user)
    with pytest.raises(SettlementListError, match="approved"):
        services.settlement_list_publish(settlement_list=draft, by=head_user)


def test_publication_freezes_the_canonical_json_and_its_checksum(settlements, publisher):
    published = publisher()
    document = json.loads(published.document)
    assert document["version"] == published.version
    assert [item["kato"] for item in document["items"]] == sorted(s.kato for s in settlements)
    # Canonical: sorted keys, compact separators, UTF-8; the checksum is its sha256.
    assert published.document == json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert published.checksum == hashlib.sha256(published.document.encode()).hexdigest()
    item = document["items"][0]
    assert set(item) == {
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
    }
    assert set(item["mobility_centre"]) == {"name", "phone", "email"}


def test_a_published_version_never_changes_through_the_services(settlements, publisher, head_user):
    published = publisher()
    for service in (
        services.settlement_list_refresh,
        services.settlement_list_approve,
        services.settlement_list_publish,
    ):
        with pytest.raises(SettlementListError):
            service(settlement_list=published, by=head_user)


def test_the_database_refuses_to_change_a_published_version(settlements, publisher):
    # The trigger is the last line: even a direct UPDATE of the items or the document fails.
    published = publisher()
    with pytest.raises(Exception, match="published"), transaction.atomic():
        SettlementListItem.objects.filter(settlement_list=published).update(vacancies=0)
    with pytest.raises(Exception, match="published"), transaction.atomic():
        SettlementList.objects.filter(pk=published.pk).update(document="{}")
    with pytest.raises(Exception, match="published"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM settlements_settlementlist WHERE id = %s", [published.pk])


def test_a_published_version_must_carry_its_checksum(settlements, staff_user):
    draft = services.settlement_list_create(year=2026, by=staff_user)
    with pytest.raises(IntegrityError), transaction.atomic():
        SettlementList.objects.filter(pk=draft.pk).update(status="published")


def test_an_older_version_cannot_be_published_after_a_newer_one(settlements, staff_user, head_user, publisher):
    older = services.settlement_list_create(year=2026, by=staff_user)
    services.settlement_list_approve(settlement_list=older, by=head_user)
    publisher()
    with pytest.raises(SettlementListError, match="newer"):
        services.settlement_list_publish(settlement_list=older, by=head_user)


def test_each_step_is_in_the_audit_trail(settlements, publisher):
    from kernel.audit.models import AuditEntry

    published = publisher()
    actions = list(
        AuditEntry.objects.filter(object_id=str(published.pk), content_type__model="settlementlist")
        .order_by("id")
        .values_list("action", "changes")
    )
    assert [a for a, _ in actions] == ["create", "transition", "transition"]
    assert actions[-1][1]["status"] == ["approved", "published"]
