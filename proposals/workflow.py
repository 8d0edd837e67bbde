"""The workflow actions as the admin and the API offer them: which service, from which states,
needing which permission and which extra fields. The services enforce all of it again."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from proposals import services
from proposals.models import OPEN_STATUSES, Status


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    service: object
    allowed_from: frozenset
    perm: str
    fields: tuple = field(default=())


ACTIONS = {
    a.name: a
    for a in [
        Action("submit", _("Submit for review"), services.proposal_submit, frozenset({Status.DRAFT}), "change"),
        Action("return", _("Return to draft"), services.proposal_return, frozenset({Status.UNDER_REVIEW}), "approve"),
        Action("approve", _("Approve"), services.proposal_approve, frozenset({Status.UNDER_REVIEW}), "approve"),
        Action(
            "send",
            _("Record as sent"),
            services.proposal_send,
            frozenset({Status.APPROVED}),
            "send",
            ("outgoing_number", "sent_on"),
        ),
        Action(
            "accept",
            _("Record acceptance"),
            services.proposal_accept,
            frozenset({Status.SENT}),
            "decide",
            ("decision_number", "decided_on"),
        ),
        Action(
            "reject",
            _("Record rejection"),
            services.proposal_reject,
            frozenset({Status.SENT}),
            "decide",
            ("decision_number", "decided_on"),
        ),
        Action("withdraw", _("Withdraw"), services.proposal_withdraw, frozenset(OPEN_STATUSES), "change"),
    ]
}


def available_actions(proposal, user) -> list[Action]:
    return [
        a
        for a in ACTIONS.values()
        if proposal.status in a.allowed_from and user.has_perm(f"proposals.{a.perm}_proposal")
    ]
