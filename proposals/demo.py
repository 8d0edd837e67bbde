"""Demo proposals in several states, made through the same services as the admin."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from proposals import services
from proposals.models import Proposal


def load(*, rng, options, stdout) -> None:
    if Proposal.objects.exists():
        return
    from quotas.models import Quota

    User = get_user_model()
    staff, head = User.objects.get(username="staff"), User.objects.get(username="head")
    quotas = list(Quota.objects.filter(kind__in=["kandas", "resettler"]).order_by("id")[:3])
    today = timezone.localdate()
    made = 0
    for i, quota in enumerate(quotas):
        p = services.proposal_create(
            kind="regional",
            direction="increase",
            quota=quota,
            amount=50 + 25 * i,
            # The demo's quotas are for one year: a proposal changes that year's quota (no horizon),
            # unless the quota also covers the coming year.
            horizon="coming_year" if quota.period_end > today.year else "",
            justification="Квота толығымен дерлік пайдаланылды; көшіп келушілер саны өсуде.",
            by=staff,
            today=today,
        )
        made += 1
        if i >= 1:
            p = services.proposal_submit(proposal=p, by=staff)
        if i >= 2:
            p = services.proposal_approve(proposal=p, by=head)
            services.proposal_send(proposal=p, outgoing_number=f"01-12/{100 + i}", sent_on=today, by=staff, today=today)
    stdout.write(f"Proposals: {made} in draft, under review and sent.")
