"""Demo proposals in several states, made through the same services as the admin."""

import datetime

from django.contrib.auth import get_user_model

from proposals import services
from proposals.models import Proposal


def load(*, rng, options, stdout) -> None:
    if Proposal.objects.exists():
        return
    from quotas.models import Quota

    User = get_user_model()
    staff, head = User.objects.get(username="staff"), User.objects.get(username="head")
    quotas = list(Quota.objects.filter(kind__in=["kandas", "resettler"]).order_by("id")[:3])
    sent_on = datetime.date.today() - datetime.timedelta(days=10)
    made = 0
    for i, quota in enumerate(quotas):
        p = services.proposal_create(
            kind="regional",
            direction="increase",
            quota=quota,
            amount=50 + 25 * i,
            horizon="coming_year",
            justification="Квота толығымен дерлік пайдаланылды; көшіп келушілер саны өсуде.",
            by=staff,
        )
        made += 1
        if i >= 1:
            p = services.proposal_submit(proposal=p, by=staff)
        if i >= 2:
            p = services.proposal_approve(proposal=p, by=head)
            services.proposal_send(proposal=p, outgoing_number=f"01-12/{100 + i}", sent_on=sent_on, by=staff)
    stdout.write(f"Proposals: {made} in draft, under review and sent.")
