"""Quotas (rules p.2.4, p.2.6, p.4) and the families admitted against them.

A quota is counted in persons and, optionally, in families. Its ``used_*`` counters are changed
only by ``services`` with one conditional UPDATE each, and the CHECK constraints below make the
database itself refuse an oversubscribed quota, whatever path a write comes from. Limits change
only through ``services.quota_limit_change``, which leaves a ``QuotaLimitChange`` row.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kernel.territory.models import District, Region
from kernel.validators import validate_iin
from quotas.utilisation import utilisation_percent

FIRST_YEAR = 2000
LAST_YEAR = 2100
year_validators = [MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]


class Quota(models.Model):
    class Kind(models.TextChoices):
        KANDAS = "kandas", _("regional quota for admitting kandases")
        RESETTLER = "resettler", _("regional quota for admitting resettlers")
        FOREIGN_LABOUR = "foreign_labour", _("quota for attracting foreign labour")
        LABOUR_IMMIGRANT = "labour_immigrant", _("quota for attracting labour immigrants")

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("quota status", "open")
        CLOSED = "closed", pgettext_lazy("quota status", "closed")

    # Only these kinds are filled by admitted families; labour quotas are limits only.
    FAMILY_KINDS = (Kind.KANDAS, Kind.RESETTLER)

    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    period_start = models.PositiveSmallIntegerField(
        _("first year"), validators=year_validators, help_text=_("The year the quota starts, e.g. 2026.")
    )
    period_end = models.PositiveSmallIntegerField(
        _("last year"),
        validators=year_validators,
        help_text=_("The same year for a one-year quota; a later year for a medium-term quota."),
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="quotas", verbose_name=_("region"))
    district = models.ForeignKey(
        District,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="quotas",
        verbose_name=_("district"),
        help_text=_("Leave empty for a quota of the whole region."),
    )
    limit_persons = models.PositiveIntegerField(_("limit, persons"))
    limit_families = models.PositiveIntegerField(
        _("limit, families"), null=True, blank=True, help_text=_("Leave empty when the quota counts persons only.")
    )
    limit_compatriots = models.PositiveIntegerField(
        _("reserved for ethnic Kazakhs and former compatriots, persons"),
        null=True,
        blank=True,
        help_text=_("Foreign labour quotas only: the part of the limit reserved for them."),
    )
    used_persons = models.PositiveIntegerField(_("used, persons"), default=0, editable=False)
    used_families = models.PositiveIntegerField(_("used, families"), default=0, editable=False)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # The fill status last seen by the daily check (quotas/fill.py): a change to "behind" or
    # "at_risk" is told to staff and the head once (QuotaFillAlert).
    class FillStatus(models.TextChoices):
        ON_TRACK = "on_track", _("on track")
        BEHIND = "behind", _("behind: will not be filled")
        AHEAD = "ahead", _("ahead of the plan")
        AT_RISK = "at_risk", _("at risk: will run out early")
        EXHAUSTED = "exhausted", _("exhausted")
        CLOSED = "closed", _("closed")

    fill_status = models.CharField(
        _("fill status"), max_length=16, blank=True, editable=False, choices=FillStatus.choices
    )

    class Meta:
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        ordering = ["-period_start", "kind", "region__kato", "district__kato"]
        permissions = [("change_quota_limit", _("Can change a quota's limits (recorded change)"))]
        constraints = [
            # The invariant: never oversubscribed, whatever writes the row.
            models.CheckConstraint(
                condition=Q(used_persons__lte=F("limit_persons")),
                name="quota_used_persons_within_limit",
                violation_error_message=_("The persons used cannot exceed the limit."),
            ),
            models.CheckConstraint(
                condition=Q(limit_families__isnull=True) | Q(used_families__lte=F("limit_families")),
                name="quota_used_families_within_limit",
                violation_error_message=_("The families used cannot exceed the limit."),
            ),
            models.CheckConstraint(
                condition=Q(used_persons__gte=0) & Q(used_families__gte=0),
                name="quota_used_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="quota_period_ends_after_start",
                violation_error_message=_("The period cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(limit_compatriots__isnull=True)
                | (Q(kind="foreign_labour") & Q(limit_compatriots__lte=F("limit_persons"))),
                name="quota_compatriots_within_foreign_labour_limit",
                violation_error_message=_(
                    "A reserved share exists only in a foreign labour quota and cannot exceed its limit."
                ),
            ),
            # One quota per kind × territory × period; the district may be empty, hence two.
            models.UniqueConstraint(
                fields=["kind", "region", "period_start", "period_end"],
                condition=Q(district__isnull=True),
                name="quota_unique_per_region_period",
                violation_error_message=_("A quota of this kind for this territory and period already exists."),
            ),
            models.UniqueConstraint(
                fields=["kind", "region", "district", "period_start", "period_end"],
                condition=Q(district__isnull=False),
                name="quota_unique_per_district_period",
                violation_error_message=_("A quota of this kind for this territory and period already exists."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.territory_name} · {self.period_label}"

    def clean(self):
        errors = {}
        if self.period_start is not None and self.period_end is not None and self.period_end < self.period_start:
            errors["period_end"] = _("The period cannot end before it starts.")
        if self.district_id and self.region_id and self.district.region_id != self.region_id:
            errors["district"] = _("The district is not in the region chosen.")
        if self.limit_compatriots is not None:
            if self.kind != self.Kind.FOREIGN_LABOUR:
                errors["limit_compatriots"] = _("Only a foreign labour quota has a reserved share.")
            elif self.limit_persons is not None and self.limit_compatriots > self.limit_persons:
                errors["limit_compatriots"] = _("The reserved share cannot exceed the limit.")
        if errors:
            raise ValidationError(errors)

    @property
    def period_label(self) -> str:
        if self.period_start == self.period_end:
            return str(self.period_start)
        return f"{self.period_start}–{self.period_end}"

    @property
    def territory(self):
        return self.district or self.region

    @property
    def territory_kato(self) -> str:
        return self.territory.kato

    @property
    def territory_name(self) -> str:
        return self.territory.name if self.region_id else ""

    @property
    def remaining_persons(self) -> int:
        return max(self.limit_persons - self.used_persons, 0)

    @property
    def utilisation(self) -> float | None:
        """The share of the person limit used, in percent (None for a zero limit)."""
        return utilisation_percent(self.used_persons, self.limit_persons)

    @property
    def admits_families(self) -> bool:
        return self.kind in self.FAMILY_KINDS


class QuotaLimitChange(models.Model):
    """One recorded change of a quota's limits: the quota's history (its first row is the initial
    limit). Proposals link their accepted proposal to the row from their side."""

    quota = models.ForeignKey(
        Quota, on_delete=models.PROTECT, related_name="limit_changes", verbose_name=pgettext_lazy("noun", "quota")
    )
    limit_persons_before = models.PositiveIntegerField(_("persons before"), null=True, blank=True)
    limit_persons_after = models.PositiveIntegerField(_("persons after"))
    limit_families_before = models.PositiveIntegerField(_("families before"), null=True, blank=True)
    limit_families_after = models.PositiveIntegerField(_("families after"), null=True, blank=True)
    limit_compatriots_before = models.PositiveIntegerField(_("reserved share before"), null=True, blank=True)
    limit_compatriots_after = models.PositiveIntegerField(_("reserved share after"), null=True, blank=True)

    class Origin(models.TextChoices):
        """Who wrote the reason: a person (stored as typed) or the portal (shown in the reader's language)."""

        TYPED = "typed", _("given by staff")
        CREATED = "created", _("quota created")
        PROPOSAL = "proposal", _("accepted proposal")

    origin = models.CharField(_("origin"), max_length=16, choices=Origin.choices, default=Origin.TYPED)
    reason = models.TextField(_("reason"), blank=True, help_text=_("As typed; empty when the portal wrote the row."))
    document = models.CharField(
        _("document"),
        max_length=255,
        blank=True,
        help_text=_("The order or decision behind the change: number and date."),
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("changed by"),
    )
    by_label = models.CharField(_("changed by (as recorded)"), max_length=150, blank=True)
    at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("quota limit change")
        verbose_name_plural = _("quota limit changes")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.quota} · {self.limit_persons_before} → {self.limit_persons_after}"

    @property
    def reason_text(self) -> str:
        """The reason in the reader's language: what the portal wrote is worded now, not stored."""
        if self.origin == self.Origin.CREATED:
            return str(_("Quota created"))
        if self.origin == self.Origin.PROPOSAL:
            proposal = getattr(self, "proposal", None)
            if proposal is not None:
                return str(proposal)
        return self.reason


class Admission(models.Model):
    """A kandas or resettler family admitted against a quota: the head of family and members."""

    class Status(models.TextChoices):
        ADMITTED = "admitted", pgettext_lazy("admission status", "admitted")
        CANCELLED = "cancelled", pgettext_lazy("admission status", "cancelled")

    quota = models.ForeignKey(
        Quota, on_delete=models.PROTECT, related_name="admissions", verbose_name=pgettext_lazy("noun", "quota")
    )
    head_iin = models.CharField(_("head of family: IIN"), max_length=12, validators=[validate_iin])
    head_surname = models.CharField(_("head of family: surname"), max_length=100)
    head_name = models.CharField(_("head of family: name"), max_length=100)
    head_patronymic = models.CharField(_("head of family: patronymic"), max_length=100, blank=True)
    head_birth_date = models.DateField(_("head of family: birth date"))
    settlement = models.ForeignKey(
        "settlements.Settlement",
        on_delete=models.PROTECT,
        related_name="admissions",
        verbose_name=_("settlement of arrival"),
    )
    admitted_on = models.DateField(_("admitted on"))
    persons = models.PositiveSmallIntegerField(
        _("persons"), editable=False, help_text=_("The head of family and the members: what the quota gave.")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ADMITTED, editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("entered by"),
        editable=False,
    )
    created_by_label = models.CharField(_("entered by (as recorded)"), max_length=150, blank=True, editable=False)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True, editable=False)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("cancelled by"),
        editable=False,
    )
    cancelled_by_label = models.CharField(_("cancelled by (as recorded)"), max_length=150, blank=True, editable=False)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True, editable=False)

    class Meta:
        verbose_name = _("admission")
        verbose_name_plural = _("admissions")
        ordering = ["-admitted_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(persons__gte=1), name="admission_has_a_person"),
            models.CheckConstraint(
                condition=Q(status="admitted", cancelled_at__isnull=True)
                | Q(status="cancelled", cancelled_at__isnull=False),
                name="admission_cancelled_has_a_time",
            ),
        ]
        indexes = [models.Index(fields=["quota", "status"], name="admission_quota_status_idx")]

    def __str__(self):
        return _("Family of %(name)s (%(persons)s persons)") % {"name": self.head_full_name, "persons": self.persons}

    @property
    def head_full_name(self) -> str:
        return " ".join(part for part in (self.head_surname, self.head_name, self.head_patronymic) if part)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED


class AdmissionMember(models.Model):
    """A member of an admitted family other than its head."""

    class Relation(models.TextChoices):
        SPOUSE = "spouse", _("spouse")
        CHILD = "child", _("child")
        PARENT = "parent", _("parent")
        SIBLING = "sibling", _("brother or sister")
        GRANDCHILD = "grandchild", _("grandchild")
        OTHER = "other", _("other relative")

    admission = models.ForeignKey(
        Admission, on_delete=models.CASCADE, related_name="members", verbose_name=_("admission")
    )
    iin = models.CharField(_("IIN"), max_length=12, validators=[validate_iin])
    surname = models.CharField(_("surname"), max_length=100)
    name = models.CharField(pgettext_lazy("person", "name"), max_length=100)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    birth_date = models.DateField(_("birth date"))
    relation = models.CharField(_("relation to the head of family"), max_length=16, choices=Relation.choices)

    class Meta:
        verbose_name = _("family member")
        verbose_name_plural = _("family members")
        ordering = ["admission", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["admission", "iin"],
                name="admission_member_listed_once",
                violation_error_message=_("This person is already listed in the family."),
            )
        ]

    def __str__(self):
        return " ".join(part for part in (self.surname, self.name, self.patronymic) if part)


class AdmittedPerson(models.Model):
    """A person (head or member, by IIN) while their admission stands: one row each.

    The unique IIN is what makes "one person, one standing admission" hold under any concurrency:
    ``services.admission_create`` writes the family's rows inside its transaction, so of two
    requests admitting the same person at once the second fails on the constraint, whatever the
    read check before it saw. ``services.admission_cancel`` deletes the rows, freeing the people.
    """

    admission = models.ForeignKey(
        Admission, on_delete=models.CASCADE, related_name="admitted_persons", verbose_name=_("admission")
    )
    iin = models.CharField(_("IIN"), max_length=12)

    class Meta:
        verbose_name = _("admitted person")
        verbose_name_plural = _("admitted persons")
        constraints = [
            models.UniqueConstraint(
                fields=["iin"],
                name="admitted_person_once",
                violation_error_message=_("This person is already admitted."),
            )
        ]

    def __str__(self):
        return _("Person of admission No. %(id)d") % {"id": self.admission_id}


class QuotaFillAlert(models.Model):
    """A quota's fill turned ``behind`` or ``at_risk`` (issue 15): the figures of that day, frozen,
    and the outbox of the e-mail to staff and the head (sent once, swept when the queue was down)."""

    class Status(models.TextChoices):
        BEHIND = "behind", _("behind: will not be filled")
        AT_RISK = "at_risk", _("at risk: will run out early")

    quota = models.ForeignKey(
        Quota, on_delete=models.CASCADE, related_name="fill_alerts", verbose_name=pgettext_lazy("noun", "quota")
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    previous_status = models.CharField(_("previous status"), max_length=16, blank=True)
    raised_on = models.DateField(_("raised on"))
    used_persons = models.PositiveIntegerField(_("persons admitted"))
    expected_persons = models.PositiveIntegerField(_("persons expected by the plan"))
    projected_persons = models.PositiveIntegerField(_("persons projected at the period's end"))
    projected_low = models.PositiveIntegerField(_("projection, low"))
    projected_high = models.PositiveIntegerField(_("projection, high"))
    notify_enqueued_at = models.DateTimeField(null=True, blank=True, editable=False)
    notified_at = models.DateTimeField(_("staff told at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("quota fill alert")
        verbose_name_plural = _("quota fill alerts")
        ordering = ["-raised_on", "-pk"]

    def __str__(self):
        return f"{self.quota} · {self.get_status_display()}"


class FillReport(models.Model):
    """The fill report for the ministry (issue 15): quotas by kind and region for a month or a
    quarter, as XLSX or PDF in Kazakh or Russian. The row is the outbox of its build job; the file,
    a few dozen kilobytes, is kept in the row and taken only through the admin's download view."""

    class PeriodKind(models.TextChoices):
        MONTH = "month", _("month")
        QUARTER = "quarter", _("quarter")

    class Format(models.TextChoices):
        XLSX = "xlsx", "XLSX (Excel)"
        PDF = "pdf", "PDF"

    class Language(models.TextChoices):
        KAZAKH = "kk", _("Kazakh")
        RUSSIAN = "ru", _("Russian")

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        RUNNING = "running", _("being built")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")

    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    period_kind = models.CharField(_("period"), max_length=8, choices=PeriodKind.choices, default=PeriodKind.QUARTER)
    number = models.PositiveSmallIntegerField(
        _("month or quarter number"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    kind = models.CharField(
        _("kind of quota"), max_length=16, blank=True, choices=Quota.Kind.choices, help_text=_("Empty: every kind.")
    )
    format = models.CharField(_("format"), max_length=8, choices=Format.choices, default=Format.XLSX)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.KAZAKH)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.PENDING)
    content = models.BinaryField(null=True, blank=True, editable=False)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="quota_fill_reports",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    enqueued_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("quota fill report")
        verbose_name_plural = _("quota fill reports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_kind="month", number__lte=12) | Q(period_kind="quarter", number__lte=4),
                name="quotas_fillreport_period_number",
                violation_error_message=_("A quarter is numbered 1 to 4, a month 1 to 12."),
            ),
        ]

    def __str__(self):
        return str(_("Fill report №%(id)s") % {"id": self.pk})
