from django.db.models import QuerySet

from proposals.models import OPEN_STATUSES, Proposal


def proposal_list() -> QuerySet[Proposal]:
    return Proposal.objects.select_related("quota", "district").order_by("-created_at", "-id")


def open_proposals_by_quota(quota_ids) -> dict:
    """The newest open proposal of each of these quotas: ``{quota id: proposal}``."""
    found: dict[int | None, Proposal] = {}
    for proposal in proposal_list().filter(quota_id__in=list(quota_ids), status__in=OPEN_STATUSES):
        found.setdefault(proposal.quota_id, proposal)
    return found


def proposals_waiting_for(user) -> QuerySet[Proposal]:
    """What waits for this user: the head approves proposals under review; staff send approved ones
    and record decisions on sent ones."""
    statuses = []
    if user.has_perm("proposals.approve_proposal"):
        statuses.append("under_review")
    if user.has_perm("proposals.send_proposal"):
        statuses.append("approved")
    if user.has_perm("proposals.decide_proposal"):
        statuses.append("sent")
    return proposal_list().filter(status__in=statuses)
