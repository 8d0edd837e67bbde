"""Refusals reach Kazakh-speaking staff in Kazakh (the portal's default language)."""

import datetime

import pytest
from django.utils import translation

from proposals import errors, services


def test_an_illegal_transition_is_explained_in_kazakh(quota_proposal, head_user):
    with translation.override("kk"), pytest.raises(errors.IllegalTransition) as exc:
        services.proposal_send(
            proposal=quota_proposal, outgoing_number="1", sent_on=datetime.date(2026, 1, 5), by=head_user
        )
    assert str(exc.value) == "«жоба» мәртебесіндегі ұсыныс «жіберілді» мәртебесіне өте алмайды."


def test_a_missing_justification_is_named_in_russian(quota, staff_user):
    from django.core.exceptions import ValidationError

    with translation.override("ru"), pytest.raises(ValidationError) as exc:
        services.proposal_create(
            kind="regional", direction="increase", quota=quota, amount=5, justification=" ", by=staff_user
        )
    assert exc.value.message_dict == {"justification": ["Объясните, почему Управление это предлагает."]}
