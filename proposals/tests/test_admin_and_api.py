"""The admin's workflow buttons per role, the letter download, and the read-only API."""

from django.urls import reverse
from django.utils import timezone

from proposals import services
from proposals.models import Proposal, Status


def _transition_url(proposal, action):
    return reverse("admin:proposals_proposal_transition", args=[proposal.pk, action])


def test_staff_draft_a_proposal_in_the_admin_through_the_service(client, staff_user, quota):
    client.force_login(staff_user)
    response = client.post(
        reverse("admin:proposals_proposal_add"),
        {
            "kind": "regional",
            "direction": "increase",
            "quota": quota.pk,
            "amount": "30",
            "horizon": "",
            "justification": "More arrivals than places.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    proposal = Proposal.objects.get()
    assert (proposal.status, proposal.created_by, proposal.amount) == (Status.DRAFT, staff_user, 30)


def test_the_admin_refuses_a_territory_target_for_a_quota_kind(client, staff_user, quota, astana_district):
    client.force_login(staff_user)
    response = client.post(
        reverse("admin:proposals_proposal_add"),
        {"kind": "regional", "direction": "assign", "district": astana_district.pk, "justification": "x"},
    )
    assert response.status_code == 200
    assert Proposal.objects.count() == 0
    assert "Квота не ұлғайтылады, не азайтылады." in response.content.decode()  # the page is in Kazakh


def test_the_head_sees_the_approve_button_and_staff_do_not(client, quota_proposal, staff_user, head_user):
    p = services.proposal_submit(proposal=quota_proposal, by=staff_user)
    change = reverse("admin:proposals_proposal_change", args=[p.pk])
    client.force_login(staff_user)
    assert _transition_url(p, "approve") not in client.get(change).content.decode()
    assert client.post(_transition_url(p, "approve")).status_code == 403
    client.force_login(head_user)
    assert _transition_url(p, "approve") in client.get(change).content.decode()
    assert client.post(_transition_url(p, "approve")).status_code == 302
    p.refresh_from_db()
    assert p.status == Status.APPROVED


def test_sending_in_the_admin_asks_for_number_and_date(client, quota_proposal, staff_user, head_user):
    p = services.proposal_approve(
        proposal=services.proposal_submit(proposal=quota_proposal, by=staff_user), by=head_user
    )
    client.force_login(staff_user)
    response = client.post(_transition_url(p, "send"), {"number": "", "date": ""})
    assert response.status_code == 200
    p.refresh_from_db()
    assert p.status == Status.APPROVED
    response = client.post(_transition_url(p, "send"), {"number": "01-12/7", "date": "2026-03-02"})
    assert response.status_code == 200  # dated before the head approved it: the date field says so
    assert "Хатты басшы бекіткенге дейін" in response.content.decode()  # on the form, in Kazakh
    p.refresh_from_db()
    assert p.status == Status.APPROVED
    response = client.post(_transition_url(p, "send"), {"number": "01-12/7", "date": timezone.localdate().isoformat()})
    assert response.status_code == 302
    p.refresh_from_db()
    assert (p.status, p.outgoing_number) == (Status.SENT, "01-12/7")


def test_an_analyst_downloads_no_letter_and_presses_no_button(client, quota_proposal, analyst_user):
    client.force_login(analyst_user)
    assert client.post(_transition_url(quota_proposal, "submit")).status_code == 403
    letter = reverse("admin:proposals_proposal_letter", args=[quota_proposal.pk, "kk"])
    assert client.get(letter).status_code == 200  # analysts may read proposals and their letters
    quota_proposal.refresh_from_db()
    assert quota_proposal.status == Status.DRAFT


def test_the_letter_downloads_as_pdf(client, quota_proposal, staff_user):
    client.force_login(staff_user)
    response = client.get(reverse("admin:proposals_proposal_letter", args=[quota_proposal.pk, "ru"]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_api_lists_proposals_for_analysts_and_refuses_keys(analyst_api, mobility_key_api, quota_proposal):
    response = analyst_api.get("/api/v1/proposals/?status=draft")
    assert response.status_code == 200
    assert [p["id"] for p in response.json()["results"]] == [quota_proposal.pk]
    assert analyst_api.get("/api/v1/proposals/?status=sent").json()["results"] == []
    assert mobility_key_api.get("/api/v1/proposals/").status_code == 403


def test_the_evidence_reads_as_a_table_in_the_users_language(client, quota_proposal, staff_user):
    p = services.proposal_submit(proposal=quota_proposal, by=staff_user)
    client.force_login(staff_user)
    client.cookies["django_language"] = "ru"
    html = client.get(reverse("admin:proposals_proposal_change", args=[p.pk])).content.decode()
    assert "<td>Размер квоты, человек</td><td>100 чел.</td>" in html
    assert "limit_persons" not in html


def test_the_proposal_form_lists_quotas_in_one_query_whatever_their_number(
    client, staff_user, quota, django_assert_max_num_queries
):
    from kernel.territory.models import Region
    from quotas.models import Quota

    client.force_login(staff_user)
    client.get(reverse("admin:proposals_proposal_add"))  # warm the session and the permission cache
    with django_assert_max_num_queries(50) as few:
        client.get(reverse("admin:proposals_proposal_add"))
    regions = Region.objects.exclude(pk=quota.region_id).order_by("kato")[:10]
    for region in regions:
        Quota.objects.create(kind="kandas", region=region, period_start=2026, period_end=2026, limit_persons=10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("admin:proposals_proposal_add"))
    assert response.status_code == 200
    assert response.content.decode().count('<option value="') >= 11
