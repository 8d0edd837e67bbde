"""The workflow actions as the admin and the API offer them: the button's words, the service it
calls and the extra fields it asks for. Which states and permissions allow each move is the state
machine's (``proposals.transitions``); the services enforce it again."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from proposals import services
from proposals.transitions import TRANSITIONS, Transition


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    service: object
    fields: tuple = field(default=())

    @property
    def transition(self) -> Transition:
        return TRANSITIONS[self.name]

    @property
    def allowed_from(self) -> frozenset:
        return self.transition.allowed_from

    @property
    def perm(self) -> str:
        return self.transition.perm


ACTIONS = {
    a.name: a
    for a in [
        Action("submit", _("Submit for review"), services.proposal_submit),
        Action("return", _("Return to draft"), services.proposal_return),
        Action("approve", _("Approve"), services.proposal_approve),
        Action("send", _("Record as sent"), services.proposal_send, ("outgoing_number", "sent_on")),
        Action("accept", _("Record acceptance"), services.proposal_accept, ("decision_number", "decided_on")),
        Action("reject", _("Record rejection"), services.proposal_reject, ("decision_number", "decided_on")),
        Action("withdraw", _("Withdraw"), services.proposal_withdraw),
    ]
}


def available_actions(proposal, user) -> list[Action]:
    return [a for a in ACTIONS.values() if proposal.status in a.allowed_from and user.has_perm(a.transition.permission)]
