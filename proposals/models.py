"""Proposals of the Department to the authorised migration body (rules p.4).

The four kinds are exactly those of p.4. A proposal targets either a quota (the three quota
kinds) or a district of Astana (territory assignment); its evidence is frozen at submission.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kernel.territory.models import District


class Kind(models.TextChoices):
    TERRITORY = "territory", _("assigning a territory of Astana for settling kandases and resettlers")
    FOREIGN_LABOUR = "foreign_labour", _("quota for attracting foreign labour")
    REGIONAL = "regional", _("regional quota for admitting kandases or resettlers")
    LABOUR_IMMIGRANT = "labour_immigrant", _("quota for attracting labour immigrants")


class Direction(models.TextChoices):
    ASSIGN = "assign", pgettext_lazy("proposal direction", "assign")
    UNASSIGN = "unassign", pgettext_lazy("proposal direction", "not assign")
    INCREASE = "increase", pgettext_lazy("proposal direction", "increase")
    DECREASE = "decrease", pgettext_lazy("proposal direction", "decrease")


class Horizon(models.TextChoices):
    COMING_YEAR = "coming_year", _("the coming year")
    MEDIUM_TERM = "medium_term", _("the medium term")


class Status(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("proposal status", "draft")
    UNDER_REVIEW = "under_review", pgettext_lazy("proposal status", "under review")
    APPROVED = "approved", pgettext_lazy("proposal status", "approved by the head")
    SENT = "sent", pgettext_lazy("proposal status", "sent")
    ACCEPTED = "accepted", pgettext_lazy("proposal status", "accepted")
    REJECTED = "rejected", pgettext_lazy("proposal status", "rejected")
    WITHDRAWN = "withdrawn", pgettext_lazy("proposal status", "withdrawn")


# Which quota kind each quota-proposal kind may target (Quota.kind values of the quotas app).
QUOTA_KINDS = {
    Kind.FOREIGN_LABOUR: {"foreign_labour"},
    Kind.REGIONAL: {"kandas", "resettler"},
    Kind.LABOUR_IMMIGRANT: {"labour_immigrant"},
}
OPEN_STATUSES = (Status.DRAFT, Status.UNDER_REVIEW, Status.APPROVED, Status.SENT)


class Proposal(models.Model):
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    direction = models.CharField(_("direction"), max_length=16, choices=Direction.choices)
    quota = models.ForeignKey(
        "quotas.Quota",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
        verbose_name=_("quota"),
    )
    district = models.ForeignKey(
        District,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
        verbose_name=_("territory (district of Astana)"),
    )
    amount = models.PositiveIntegerField(_("amount, persons"), null=True, blank=True)
    horizon = models.CharField(_("period"), max_length=16, choices=Horizon.choices, blank=True)
    justification = models.TextField(_("justification"))
    evidence = models.JSONField(_("evidence (frozen at submission)"), default=dict, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    suggested = models.BooleanField(_("drafted by the system"), default=False, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("drafted by")
    )
    created_at = models.DateTimeField(_("drafted at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    outgoing_number = models.CharField(_("outgoing number"), max_length=64, blank=True)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=64, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    applied_change = models.OneToOneField(
        "quotas.QuotaLimitChange",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposal",
        verbose_name=_("quota change applied"),
    )

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at", "-id"]
        permissions = [
            ("approve_proposal", _("Can approve proposals (department head)")),
            ("send_proposal", _("Can record a proposal as sent")),
            ("decide_proposal", _("Can record the authorised body's decision")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        kind="territory",
                        district__isnull=False,
                        quota__isnull=True,
                        direction__in=["assign", "unassign"],
                    )
                    | (
                        ~Q(kind="territory")
                        & Q(quota__isnull=False, district__isnull=True, amount__gt=0)
                        & Q(direction__in=["increase", "decrease"])
                    )
                ),
                name="proposal_target_fits_kind",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["sent", "accepted", "rejected"]) | ~Q(outgoing_number=""),
                name="proposal_sent_has_number",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["accepted", "rejected"]) | ~Q(decision_number=""),
                name="proposal_decided_has_number",
            ),
        ]

    def __str__(self):
        return _("Proposal No. %(pk)s: %(kind)s") % {"pk": self.pk, "kind": self.get_kind_display()}

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES
