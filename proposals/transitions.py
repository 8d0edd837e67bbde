"""The proposal's state machine (rules p.4), in one place: each move, the states it leaves from,
the state it reaches, and the permission it needs. The services enforce it (``_transition``), the
admin and the API offer what it allows (``proposals.workflow``).

draft → under review → approved (the head) → sent → accepted / rejected; under review → draft
(returned by the head); any open state → withdrawn.
"""

from dataclasses import dataclass

from proposals.models import OPEN_STATUSES, Status


@dataclass(frozen=True)
class Transition:
    to: str
    allowed_from: frozenset
    perm: str  # the proposals permission's codename prefix: "change" → proposals.change_proposal

    @property
    def permission(self) -> str:
        return f"proposals.{self.perm}_proposal"


TRANSITIONS = {
    "submit": Transition(Status.UNDER_REVIEW, frozenset({Status.DRAFT}), "change"),
    "return": Transition(Status.DRAFT, frozenset({Status.UNDER_REVIEW}), "approve"),
    "approve": Transition(Status.APPROVED, frozenset({Status.UNDER_REVIEW}), "approve"),
    "send": Transition(Status.SENT, frozenset({Status.APPROVED}), "send"),
    "accept": Transition(Status.ACCEPTED, frozenset({Status.SENT}), "decide"),
    "reject": Transition(Status.REJECTED, frozenset({Status.SENT}), "decide"),
    "withdraw": Transition(Status.WITHDRAWN, frozenset(OPEN_STATUSES), "change"),
}
