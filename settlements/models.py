"""Settlements offered for resettlement (rules p.5, p.7) and the recipients of the settlement list.

The ``Settlement`` and ``Recipient`` fields are a contract with ``quotas`` (admissions arrive in a
settlement) and with the API mobility centres pull. The list's versions (``SettlementList``), their
frozen items and the delivery outbox follow.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kernel.territory.models import District, Region, RuralDistrict
from kernel.validators import validate_kato


class Recipient(models.Model):
    """Who receives the published list: labour mobility centres, rural district akimats, career centres."""

    class Kind(models.TextChoices):
        MOBILITY_CENTRE = "mobility_centre", _("labour mobility centre")
        RURAL_AKIMAT = "rural_akimat", _("rural district akimat")
        CAREER_CENTRE = "career_centre", _("career centre")

    class Language(models.TextChoices):
        KAZAKH = "kk", _("Kazakh")
        RUSSIAN = "ru", _("Russian")

    code = models.SlugField(_("code"), max_length=64, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=255)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.KAZAKH)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("region"))
    is_active = models.BooleanField(_("active"), default=True)
    webhook_url = models.URLField(
        _("webhook URL"), blank=True, help_text=_("Where a signed notification is POSTed when a new list is published.")
    )
    webhook_secret = models.CharField(
        _("webhook secret"),
        max_length=128,
        blank=True,
        help_text=_("Standard Webhooks signing secret (whsec_…); generated when left empty."),
    )
    webhook_disabled_at = models.DateTimeField(
        _("webhook disabled at"),
        null=True,
        blank=True,
        help_text=_("Set when the endpoint answered 410 Gone; clear it to send webhooks again."),
    )

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name


class Settlement(models.Model):
    class Kind(models.TextChoices):
        # Rules p.7, in its order.
        AGGLOMERATION = "agglomeration", _("agglomeration")
        RURAL = "rural", _("rural settlement with development potential")
        SMALL_TOWN = "small_town", _("small town")
        MONO_TOWN = "mono_town", _("mono-town")
        DISTRICT_TOWN = "district_town", _("town of district significance")
        OBLAST_TOWN = "oblast_town", _("town of oblast significance")

    class Potential(models.TextChoices):
        HIGH = "high", _("high")
        MEDIUM = "medium", _("medium")
        LOW = "low", _("low")

    kato = models.CharField(_("KATO code"), max_length=9, unique=True, validators=[validate_kato])
    name_kk = models.CharField(_("name (Kazakh)"), max_length=200)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="settlements", verbose_name=_("region"))
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="settlements", verbose_name=_("district")
    )
    rural_district = models.ForeignKey(
        RuralDistrict,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="settlements",
        verbose_name=_("rural district"),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    development_potential = models.CharField(_("development potential"), max_length=16, choices=Potential.choices)
    population = models.PositiveIntegerField(_("population"), default=0)
    vacancies = models.PositiveIntegerField(_("open vacancies"), default=0)
    housing_available = models.PositiveIntegerField(_("housing on offer"), default=0)
    adaptation_programme = models.BooleanField(
        _("adaptation programme for kandases"), default=False, help_text=_("Rules p.7.")
    )
    mobility_centre = models.ForeignKey(
        Recipient,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        limit_choices_to={"kind": Recipient.Kind.MOBILITY_CENTRE},
        related_name="settlements",
        verbose_name=_("responsible labour mobility centre"),
    )
    is_active = models.BooleanField(_("offered for resettlement"), default=True)

    class Meta:
        verbose_name = _("settlement")
        verbose_name_plural = _("settlements")
        ordering = ["kato"]

    def __str__(self):
        return f"{self.name_kk} ({self.kato})"

    def clean(self):
        # The territory levels must nest, and the settlement's KATO code must sit inside them.
        errors = {}
        if self.district_id and self.region_id and self.district.region_id != self.region_id:
            errors["district"] = _("The district is not in the selected region.")
        if self.rural_district_id and self.district_id and self.rural_district.district_id != self.district_id:
            errors["rural_district"] = _("The rural district is not in the selected district.")
        if self.kato and self.region_id and self.kato[:2] != self.region.kato[:2]:
            errors["kato"] = _("The KATO code does not belong to the selected region.")
        if errors:
            raise ValidationError(errors)


class SettlementList(models.Model):
    """One version of the settlement list (rules p.5): draft → approved by the head → published.

    Versions are one integer sequence (1, 2, 3, …), each for a year. Publication freezes the items
    and the canonical JSON ``document`` with its sha256 ``checksum``; a published version never
    changes (services refuse it, and on PostgreSQL a trigger does too).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        APPROVED = "approved", _("approved")
        PUBLISHED = "published", _("published")

    version = models.PositiveIntegerField(_("version"), unique=True, editable=False)
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    note = models.TextField(_("note"), blank=True)
    items_count = models.PositiveIntegerField(_("items"), default=0, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("approved by"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("published by"),
    )
    checksum = models.CharField(_("checksum (sha256)"), max_length=64, blank=True, editable=False)
    document = models.TextField(_("canonical JSON"), blank=True, editable=False)

    class Meta:
        verbose_name = _("settlement list version")
        verbose_name_plural = _("settlement list versions")
        ordering = ["-version"]
        permissions = [
            ("approve_settlementlist", _("Can approve a settlement list version")),
            ("publish_settlementlist", _("Can publish a settlement list version")),
        ]
        constraints = [
            models.CheckConstraint(
                name="settlementlist_published_is_frozen",
                condition=~models.Q(status="published")
                | (models.Q(published_at__isnull=False, checksum__regex=r"^[0-9a-f]{64}$") & ~models.Q(document="")),
            ),
            models.CheckConstraint(name="settlementlist_year_sane", condition=models.Q(year__gte=2000, year__lte=2100)),
        ]

    def __str__(self):
        return _("Settlement list v%(version)s (%(year)s)") % {"version": self.version, "year": self.year}

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class SettlementListItem(models.Model):
    """A settlement as it stands in one version of the list: a snapshot of its fields, plus its
    canonical JSON ``fragment`` (the exact bytes the API and the exchange receive for it)."""

    settlement_list = models.ForeignKey(
        SettlementList, on_delete=models.CASCADE, related_name="items", verbose_name=_("settlement list")
    )
    settlement = models.ForeignKey(
        Settlement, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("settlement")
    )
    kato = models.CharField(_("KATO code"), max_length=9)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=200)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    region = models.CharField(_("region (KATO)"), max_length=9)
    district = models.CharField(_("district (KATO)"), max_length=9)
    rural_district = models.CharField(_("rural district (KATO)"), max_length=9, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Settlement.Kind.choices)
    development_potential = models.CharField(
        _("development potential"), max_length=16, choices=Settlement.Potential.choices
    )
    population = models.PositiveIntegerField(_("population"))
    vacancies = models.PositiveIntegerField(_("open vacancies"))
    housing_available = models.PositiveIntegerField(_("housing on offer"))
    adaptation_programme = models.BooleanField(_("adaptation programme for kandases"))
    mobility_centre_name = models.CharField(_("labour mobility centre"), max_length=255, blank=True)
    mobility_centre_phone = models.CharField(_("mobility centre phone"), max_length=32, blank=True)
    mobility_centre_email = models.CharField(_("mobility centre e-mail"), max_length=254, blank=True)
    fragment = models.TextField(_("JSON"), editable=False)

    class Meta:
        verbose_name = _("settlement list item")
        verbose_name_plural = _("settlement list items")
        ordering = ["settlement_list", "kato"]
        constraints = [
            models.UniqueConstraint(fields=["settlement_list", "kato"], name="settlementlistitem_unique_kato"),
        ]
        indexes = [
            models.Index(fields=["settlement_list", "region", "kato"], name="sli_list_region"),
            models.Index(fields=["settlement_list", "district", "kato"], name="sli_list_district"),
            models.Index(fields=["settlement_list", "rural_district", "kato"], name="sli_list_rural"),
            models.Index(fields=["settlement_list", "kind", "kato"], name="sli_list_kind"),
        ]

    def __str__(self):
        return f"{self.name_kk} ({self.kato})"


class Delivery(models.Model):
    """The outbox: one row per published version × channel × recipient.

    A worker claims a row with one conditional UPDATE (``status=pending``, due, lease free), so two
    workers never send the same row; a row that was ``sent`` is never sent again. Short retries
    stay in Celery; longer waits are parked here (``next_attempt_at``) for the sweep.
    """

    class Channel(models.TextChoices):
        LABOUR_EXCHANGE = "labour_exchange", _("Electronic Labour Exchange")
        EMAIL = "email", _("e-mail")
        WEBHOOK = "webhook", _("webhook")

    class Status(models.TextChoices):
        # A context of their own: other apps' catalogues translate "failed" for their own jobs.
        PENDING = "pending", pgettext_lazy("delivery status", "pending")
        SENT = "sent", pgettext_lazy("delivery status", "sent")
        FAILED = "failed", pgettext_lazy("delivery status", "failed")

    settlement_list = models.ForeignKey(
        SettlementList, on_delete=models.PROTECT, related_name="deliveries", verbose_name=_("settlement list")
    )
    channel = models.CharField(_("channel"), max_length=32, choices=Channel.choices)
    recipient = models.ForeignKey(
        Recipient,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deliveries",
        verbose_name=_("recipient"),
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    idempotency_key = models.CharField(_("idempotency key"), max_length=64, editable=False)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    # Attempts made before the last manual retry: the retry budget counts from here.
    attempts_base = models.PositiveIntegerField(default=0, editable=False)
    last_error = models.TextField(_("last error"), blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True, db_index=True)
    enqueued_at = models.DateTimeField(_("enqueued at"), null=True, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    claim_token = models.CharField(max_length=32, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    response = models.TextField(_("response"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-settlement_list__version", "channel", "recipient__name"]
        permissions = [("retry_delivery", _("Can retry a failed delivery"))]
        constraints = [
            models.UniqueConstraint(
                fields=["settlement_list", "channel"],
                condition=models.Q(recipient__isnull=True),
                name="delivery_unique_channel_without_recipient",
            ),
            models.UniqueConstraint(
                fields=["settlement_list", "channel", "recipient"],
                condition=models.Q(recipient__isnull=False),
                name="delivery_unique_channel_recipient",
            ),
            models.CheckConstraint(
                name="delivery_recipient_matches_channel",
                condition=models.Q(channel="labour_exchange", recipient__isnull=True)
                | (~models.Q(channel="labour_exchange") & models.Q(recipient__isnull=False)),
            ),
            models.CheckConstraint(
                name="delivery_sent_has_time",
                condition=~models.Q(status="sent") | models.Q(sent_at__isnull=False),
            ),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_due")]

    def __str__(self):
        target = self.recipient.name if self.recipient_id else self.get_channel_display()
        return f"v{self.settlement_list.version} · {self.get_channel_display()} · {target}"
