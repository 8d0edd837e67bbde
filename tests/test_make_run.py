"""What `make run` shows a newcomer: a few lines ending with the users, the key and a curl line,
and the same again on a second run, which changes nothing (issue 13, point 5)."""

import io

from django.core import mail
from django.core.management import call_command
from rest_framework.test import APIClient

from kernel.accounts.models import ApiKey
from monitoring.models import OutflowAlert
from proposals.models import Proposal
from registration.models import RegistrationRecord

DEMO = ["--settlements", "30", "--registrations", "3000"]


def _load(django_capture_on_commit_callbacks):
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo_data", *DEMO, "--host", "http://127.0.0.1:8000", stdout=out)
    return out.getvalue()


def _counts():
    return (
        OutflowAlert.objects.count(),
        RegistrationRecord.objects.count(),
        Proposal.objects.count(),
        len(mail.outbox),
        ApiKey.objects.filter(code="demo-mc", revoked_at__isnull=True).count(),
    )


def test_a_second_run_changes_nothing_and_prints_the_same_key(
    reference_data, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.ALLOW_DEMO_DATA = True
    settings.VAR_DIR = tmp_path
    first = _load(django_capture_on_commit_callbacks)
    counts = _counts()
    assert counts[0] > 0  # the demo raises outflow alerts: a rerun must not raise them again
    assert counts[4] == 1
    second = _load(django_capture_on_commit_callbacks)
    assert "already loaded" in second
    assert _counts() == counts

    key_lines = [line.strip() for line in first.splitlines() if line.strip().startswith("curl ")]
    assert key_lines and key_lines == [line.strip() for line in second.splitlines() if line.strip().startswith("curl ")]
    raw = key_lines[0].split("Api-Key ")[1].split('"')[0]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    assert client.get("/api/v1/settlements/").status_code == 200
    # The curl line is the last thing printed, and the whole output is short (no e-mails in it).
    assert first.strip().splitlines()[-1].strip().startswith("curl ")
    assert len(first.splitlines()) < 25
    assert "Content-Transfer-Encoding" not in first


def test_a_lost_key_file_mints_one_new_key_and_revokes_the_old(
    reference_data, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.ALLOW_DEMO_DATA = True
    settings.VAR_DIR = tmp_path
    _load(django_capture_on_commit_callbacks)
    (tmp_path / "demo-api-key").unlink()
    _load(django_capture_on_commit_callbacks)
    assert ApiKey.objects.filter(code="demo-mc", revoked_at__isnull=True).count() == 1
    assert ApiKey.objects.filter(code="demo-mc", revoked_at__isnull=False).count() == 1
