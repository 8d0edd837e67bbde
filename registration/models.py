"""Registration records of the population at place of residence / temporary stay (rules p.8-9,
Government decree No. 1427). Deregistration keeps the record: the history is what monitoring counts.

Field names here are a contract with ``monitoring`` (its SQL aggregates read them).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kernel.territory.models import District, Region
from kernel.validators import validate_iin
from registration import ethnicities
from registration.choices import Category, DocumentType, Kind, Purpose, Sex
from registration.validation import record_validation_errors


class RegistrationRecord(models.Model):
    # The person.
    iin = models.CharField(_("IIN"), max_length=12, blank=True, validators=[validate_iin])
    document_type = models.CharField(_("document type"), max_length=32, choices=DocumentType.choices, blank=True)
    document_number = models.CharField(_("document number"), max_length=32, blank=True)
    surname = models.CharField(_("surname"), max_length=100)
    name = models.CharField(pgettext_lazy("person", "name"), max_length=100)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    birth_date = models.DateField(_("birth date"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    citizenship = models.CharField(_("citizenship"), max_length=3, help_text=_("ISO 3166 alpha-3, e.g. KAZ."))
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    ethnicity = models.CharField(
        _("ethnicity"), max_length=64, blank=True, choices=ethnicities.CHOICES, help_text=_("From the reference list.")
    )
    # The registration.
    kind = models.CharField(_("kind of registration"), max_length=16, choices=Kind.choices)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("district of Astana")
    )
    street = models.CharField(_("street"), max_length=200)
    building = models.CharField(_("building"), max_length=20)
    flat = models.CharField(_("flat"), max_length=20, blank=True)
    address_code = models.CharField(_("address registry code"), max_length=32, blank=True)
    registered_on = models.DateField(_("registered on"))
    arrived_from_region = models.ForeignKey(
        Region,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("arrived from (region)"),
    )
    arrived_from_country = models.CharField(_("arrived from (country)"), max_length=3, blank=True)
    purpose = models.CharField(_("purpose"), max_length=16, choices=Purpose.choices)
    deregistered_on = models.DateField(_("deregistered on"), null=True, blank=True)
    departed_to_region = models.ForeignKey(
        Region,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("departed to (region)"),
    )
    departed_to_country = models.CharField(_("departed to (country)"), max_length=3, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("registration record")
        verbose_name_plural = _("registration records")
        ordering = ["-registered_on", "-id"]
        permissions = [("view_personal_data", _("Can see personal data in registration records"))]
        indexes = [
            models.Index(fields=["district", "-registered_on"], name="reg_district_idx"),
            models.Index(fields=["kind", "-registered_on"], name="reg_kind_idx"),
            models.Index(fields=["category", "-registered_on"], name="reg_category_idx"),
            models.Index(fields=["registered_on"], name="reg_registered_idx"),
            models.Index(fields=["deregistered_on"], name="reg_deregistered_idx"),
            models.Index(fields=["iin"], name="reg_iin_idx"),
            models.Index(fields=["surname", "name"], name="reg_name_idx"),
            models.Index(fields=["document_number"], name="reg_document_idx"),
            # Search by surname, case-insensitively, without scanning the table.
            models.Index(Upper("surname"), name="reg_upper_surname_idx"),
        ]
        constraints = [
            # A person has at most one active permanent registration.
            models.UniqueConstraint(
                fields=["iin"],
                condition=Q(kind="permanent", deregistered_on__isnull=True) & ~Q(iin=""),
                name="reg_one_active_permanent_per_iin",
                violation_error_message=_("This person already has an active permanent registration."),
            ),
            # The same for persons known by their document only (foreigners and stateless persons
            # without an IIN): a document is identified by the issuing country, its type and number.
            models.UniqueConstraint(
                fields=["citizenship", "document_type", "document_number"],
                condition=Q(kind="permanent", deregistered_on__isnull=True, iin=""),
                name="reg_one_active_permanent_per_document",
                violation_error_message=_("This person already has an active permanent registration."),
            ),
            models.CheckConstraint(
                condition=Q(deregistered_on__isnull=True) | Q(deregistered_on__gte=models.F("registered_on")),
                name="reg_deregistered_after_registered",
            ),
            models.CheckConstraint(
                condition=~Q(iin="") | (~Q(document_type="") & ~Q(document_number="")),
                name="reg_iin_or_document",
            ),
        ]

    def __str__(self):
        # No personal data in the string form: it lands in admin messages and audit entries.
        return f"№{self.pk} · {self.get_kind_display()}"

    @property
    def is_active(self) -> bool:
        return self.deregistered_on is None

    def clean(self):
        # The same rules as the import (registration/validation.py), so a record typed in the admin
        # and a row of a file are held to one standard.
        self.citizenship = (self.citizenship or "").strip().upper()
        self.arrived_from_country = (self.arrived_from_country or "").strip().upper()
        self.departed_to_country = (self.departed_to_country or "").strip().upper()
        errors = record_validation_errors(self)
        if errors:
            raise ValidationError(errors)


class ImportBatch(models.Model):
    """One uploaded file of registration records, applied all-or-nothing (see services.py).

    Keeps only what staff need afterwards: the file's hash (a re-import is recognised), counts,
    progress and the rows' errors. The file itself is deleted once processed.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting to be processed")
        CHECKING = "checking", _("checking rows")
        APPLYING = "applying", _("applying")
        APPLIED = "applied", _("applied")
        DUPLICATE = "duplicate", _("already imported")
        REJECTED = "rejected", _("rejected: the file has errors")
        FAILED = "failed", _("failed")

    FINISHED = (Status.APPLIED, Status.DUPLICATE, Status.REJECTED, Status.FAILED)

    file = models.FileField(_("file"), upload_to="registration/imports/", blank=True)
    file_name = models.CharField(_("file name"), max_length=255)
    file_sha256 = models.CharField(_("file checksum (SHA-256)"), max_length=64, db_index=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("imported by"),
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    # When the job was last handed to the broker (None: never, e.g. the broker was down); the
    # sweep re-enqueues a pending batch whose job has not come for a while.
    enqueued_at = models.DateTimeField(_("enqueued at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    rows_total = models.PositiveIntegerField(_("rows in the file"), default=0)
    rows_checked = models.PositiveIntegerField(_("rows checked"), default=0)
    rows_created = models.PositiveIntegerField(_("records added"), default=0)
    rows_skipped = models.PositiveIntegerField(_("rows already present"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    # [[row, column, value, code, params], ...]: reasons are rendered in the reader's language when
    # the report is downloaded. Values of IIN-like cells are masked; capped at MAX_STORED_ERRORS.
    errors = models.JSONField(_("errors"), default=list, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("same file as"),
    )
    failure = models.CharField(_("failure"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("import of registration records")
        verbose_name_plural = _("imports of registration records")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"№{self.pk} · {self.file_name}"

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def progress(self) -> int:
        """Percent of rows checked (applying and finished count as 100)."""
        if self.status in (self.Status.APPLYING, *self.FINISHED):
            return 100
        if not self.rows_total:
            return 0
        return min(99, self.rows_checked * 100 // self.rows_total)
