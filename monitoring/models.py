"""Monitoring of migration processes (rules p.3, p.6, p.8).

Indicators (the p.3 catalogue) have values per period and territory: a district of Astana, or the
whole city (``district`` empty). ``area`` holds the KATO code of that territory (the city's own
code for the whole city), so "one value per indicator, period and territory" is a plain unique
key that upserts can name. Alerts (p.6), forecasts (p.8) and analysts' reports sit beside them.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from kernel.territory.models import ASTANA_KATO, District
from monitoring import catalogue
from monitoring.periods import Period, PeriodKind

CITY = ASTANA_KATO  # the ``area`` of a whole-city figure


def area_of(district) -> str:
    """The ``area`` key of a district (a District, its KATO code or None for the whole city)."""
    if district is None:
        return CITY
    return district if isinstance(district, str) else district.kato


class Indicator(models.Model):
    class Source(models.TextChoices):
        COMPUTED = catalogue.COMPUTED, _("computed from registration records")
        ENTERED = catalogue.ENTERED, _("entered from statistics")
        DERIVED = catalogue.DERIVED, _("derived from other indicators")

    class Unit(models.TextChoices):
        PERSONS = catalogue.PERSONS, _("persons")
        PERSONS_PER_KM2 = catalogue.PERSONS_PER_KM2, _("persons per km²")
        PERCENT = catalogue.PERCENT, _("per cent")
        INDEX = catalogue.INDEX, _("index")
        UNITS = catalogue.UNITS, pgettext_lazy("unit of measure", "units")

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=255)
    name_ru = models.CharField(_("name (Russian)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255)
    unit = models.CharField(_("unit"), max_length=32, choices=Unit.choices)
    period_type = models.CharField(
        _("period type"),
        max_length=8,
        choices=PeriodKind.choices,
        help_text=_("The finest period values are kept for; coarser periods are allowed too."),
    )
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="parts",
        verbose_name=_("part of"),
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["position", "code"]
        permissions = [("recompute_indicators", _("Can recompute the computed indicators"))]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        language = (get_language() or settings.LANGUAGE_CODE)[:2]
        return {"ru": self.name_ru, "en": self.name_en}.get(language, self.name_kk)

    @property
    def definition(self) -> str:
        return str(catalogue.DEFINITIONS.get(self.code, ""))

    @property
    def is_computed(self) -> bool:
        return self.source == self.Source.COMPUTED


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="values", verbose_name=_("indicator")
    )
    period = models.CharField(_("period"), max_length=7, help_text=_("2026, 2026-Q1 or 2026-03."))
    period_kind = models.CharField(_("kind of period"), max_length=8, choices=PeriodKind.choices)
    period_start = models.DateField(_("period starts"))
    district = models.ForeignKey(
        District,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("district"),
        help_text=_("Empty for the whole city."),
    )
    area = models.CharField(_("territory (KATO)"), max_length=9, editable=False)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2)
    breakdown = models.JSONField(_("breakdown"), default=dict, blank=True)
    source_document = models.CharField(
        _("source document"), max_length=255, blank=True, help_text=_("For entered values: the statistics source.")
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("entered by"),
    )
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["indicator__position", "period_start", "period_kind", "area"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period", "area"], name="monitoring_value_once"),
        ]
        indexes = [
            models.Index(fields=["period", "area"], name="monitoring_value_period_idx"),
            models.Index(fields=["period_start", "period_kind"], name="monitoring_value_start_idx"),
        ]

    def __str__(self):
        """Names, never codes: "Табиғи өсім · 2026 ж. 1-тоқсан · Есіл ауданы" (the page's title)."""
        where = self.district.name if self.district_id else _("Astana (whole city)")
        return f"{self.indicator.name} · {Period.parse(self.period).label} · {where}"

    @property
    def period_obj(self) -> Period:
        return Period.parse(self.period)


class NaturalIncrease(IndicatorValue):
    """Natural increase values (births − deaths) as staff enter them: births and deaths in ``breakdown``."""

    class Meta:
        proxy = True
        verbose_name = _("natural increase")
        verbose_name_plural = _("natural increase")

    @property
    def births(self):
        return self.breakdown.get("births")

    @property
    def deaths(self):
        return self.breakdown.get("deaths")


class Dashboard(Indicator):
    """Only an entry in the admin's app index: its page is the monitoring dashboard."""

    class Meta:
        proxy = True
        verbose_name = _("dashboard")
        verbose_name_plural = _("dashboard")


class OutflowAlert(models.Model):
    """Rules p.6: the population's outflow exceeded its natural increase in a period and territory."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    period = models.CharField(_("period"), max_length=7)
    period_start = models.DateField(_("period starts"))
    district = models.ForeignKey(
        District, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("district")
    )
    area = models.CharField(_("territory (KATO)"), max_length=9, editable=False)
    outflow = models.DecimalField(_("outflow"), max_digits=16, decimal_places=2)
    natural_increase = models.DecimalField(_("natural increase"), max_digits=16, decimal_places=2)
    emigration = models.DecimalField(_("emigration"), max_digits=16, decimal_places=2, default=0)
    internal_outflow = models.DecimalField(_("internal outflow"), max_digits=16, decimal_places=2, default=0)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    raised_at = models.DateTimeField(_("raised at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # The alert is the outbox of its e-mail: sent once (``notified_at``); a notification the broker
    # refused (``notify_enqueued_at`` empty) or that waited too long is enqueued again by the sweep.
    notified_at = models.DateTimeField(_("staff notified at"), null=True, blank=True)
    notify_enqueued_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("outflow alert")
        verbose_name_plural = _("outflow alerts")
        ordering = ["-period_start", "period", "area"]
        constraints = [
            # Raised once per period and territory, however often the indicators are recomputed.
            models.UniqueConstraint(fields=["period", "area"], name="monitoring_alert_once"),
        ]
        indexes = [models.Index(fields=["status", "-period_start"], name="monitoring_alert_status_idx")]

    def __str__(self):
        where = self.district.name if self.district_id else _("Astana (whole city)")
        return f"{self.period_label} · {where}"

    @property
    def period_label(self) -> str:
        """The period as a reader writes it ("2026 ж. 1-тоқсан"), not the stored "2026-Q1"."""
        return Period.parse(self.period).label

    @property
    def excess(self):
        return self.outflow - self.natural_increase


class MeasurePlan(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        COMPLETED = "completed", _("completed")

    alert = models.OneToOneField(OutflowAlert, on_delete=models.CASCADE, related_name="plan", verbose_name=_("alert"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("measure plan")
        verbose_name_plural = _("measure plans")
        ordering = ["-opened_at"]

    def __str__(self):
        return str(_("Measure plan: %(alert)s") % {"alert": self.alert})


class Measure(models.Model):
    class Kind(models.TextChoices):
        # The four directions of rules p.6, in its order.
        ATTRACT_LABOUR = "attract_labour", _("attract qualified labour")
        SOCIAL_ADAPTATION = "social_adaptation", _("prompt social adaptation of the labour attracted")
        KANDAS_TRAINING = "kandas_training", _("vocational training and retraining of kandases")
        YOUTH_FIRST = "youth_first", _("training of young kandases first")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    plan = models.ForeignKey(MeasurePlan, on_delete=models.CASCADE, related_name="measures", verbose_name=_("plan"))
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    title = models.CharField(_("measure"), max_length=255)
    owner = models.CharField(_("responsible"), max_length=255, help_text=_("Organisation or person in charge."))
    starts_on = models.DateField(_("starts on"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["plan", "due_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(due_on__gte=models.F("starts_on")), name="monitoring_measure_dates"),
        ]

    def __str__(self):
        return self.title


class Facility(models.TextChoices):
    """The facilities of rules p.8 (their age bands and norms: ``monitoring/norms.py``)."""

    SCHOOL = "school", _("schools (pupil places, ages 6-17)")
    KINDERGARTEN = "kindergarten", _("kindergartens (places, ages 1-5)")
    CLINIC = "clinic", _("clinics (visits per shift)")


class Forecast(models.Model):
    """Rules p.8: places needed in schools, kindergartens and clinics (method in ``forecast.py``
    and ``projection.py``), with the shortfall against the existing capacity where it is entered."""

    Facility = Facility

    base_year = models.PositiveSmallIntegerField(_("base year"))
    target_year = models.PositiveSmallIntegerField(_("forecast year"))
    district = models.ForeignKey(
        District, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("district")
    )
    area = models.CharField(_("territory (KATO)"), max_length=9, editable=False)
    facility = models.CharField(_("facility"), max_length=16, choices=Facility.choices)
    population = models.PositiveIntegerField(
        _("population served"), help_text=_("Children of the age group, or all residents for clinics.")
    )
    places = models.PositiveIntegerField(_("places needed"))
    capacity = models.PositiveIntegerField(
        _("existing capacity"), null=True, blank=True, help_text=_("As entered for the territory; empty: not entered.")
    )
    shortfall = models.IntegerField(
        _("shortfall"), null=True, blank=True, help_text=_("Places needed minus existing capacity; negative: spare.")
    )
    net_migration = models.IntegerField(
        _("net migration per year"), default=0, help_text=_("Mean of the recent years' registration flows, persons.")
    )
    births = models.PositiveIntegerField(
        _("births per year"), default=0, help_text=_("Mean of the recent years' entered natural increase.")
    )
    migration_rate = models.DecimalField(
        _("net migration rate per year"),
        max_digits=8,
        decimal_places=5,
        help_text=_("Net migration per year as a share of the base population (shown; not compounded)."),
    )
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)

    class Meta:
        verbose_name = _("forecast")
        verbose_name_plural = _("forecasts")
        ordering = ["-base_year", "target_year", "area", "facility"]
        constraints = [
            models.UniqueConstraint(
                fields=["base_year", "target_year", "area", "facility"], name="monitoring_forecast_once"
            ),
        ]

    def __str__(self):
        return f"{self.target_year} · {self.area} · {self.get_facility_display()}"


class FacilityCapacity(models.Model):
    """The places the existing schools and kindergartens of a territory have, or the visits per shift
    of its clinics, entered by staff with the document they come from; the p.8 forecast shows the
    shortfall beside the places needed."""

    district = models.ForeignKey(
        District,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("district"),
        help_text=_("Empty for the whole city."),
    )
    area = models.CharField(_("territory (KATO)"), max_length=9, editable=False)
    facility = models.CharField(_("facility"), max_length=16, choices=Facility.choices)
    capacity = models.PositiveIntegerField(
        _("existing capacity"), help_text=_("Pupil places, kindergarten places, or clinic visits per shift.")
    )
    as_of = models.DateField(_("as of"))
    source_document = models.CharField(_("source document"), max_length=255)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("entered by"),
        editable=False,
    )
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("existing capacity")
        verbose_name_plural = _("existing capacities")
        ordering = ["area", "facility"]
        constraints = [
            models.UniqueConstraint(fields=["area", "facility"], name="monitoring_capacity_once"),
        ]

    def __str__(self):
        return f"{self.area} · {self.get_facility_display()}"


class PrivateReportStorage(FileSystemStorage):
    """Report files live outside MEDIA_ROOT and have no URL: they are served by the permission-checked view."""

    def url(self, name):
        raise ValueError("Report files have no public URL; use the report download view.")


def reports_storage():
    return PrivateReportStorage(location=settings.MONITORING_REPORTS_DIR)


class Report(models.Model):
    class Format(models.TextChoices):
        CSV = "csv", _("CSV for Excel (semicolons, decimal comma)")
        CSV_PROGRAMS = "csvprog", _("CSV for programs (commas, decimal point)")
        XLSX = "xlsx", _("XLSX (Excel, with charts)")
        PDF = "pdf", _("PDF (with charts)")

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        RUNNING = "running", _("being built")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="monitoring_reports",
        verbose_name=_("requested by"),
    )
    parameters = models.JSONField(_("parameters"), default=dict)
    format = models.CharField(_("format"), max_length=8, choices=Format.choices)
    language = models.CharField(_("language"), max_length=8, default="kk")
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(_("progress, %"), default=0)
    file = models.FileField(_("file"), storage=reports_storage, upload_to="%Y/%m/", blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # The report is the outbox of its build job: empty when the broker refused it (the sweep's turn).
    enqueued_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="monitoring_report_progress"),
        ]
        indexes = [models.Index(fields=["requested_by", "-created_at"], name="monitoring_report_user_idx")]

    def __str__(self):
        return str(_("Report №%(id)s (%(format)s)") % {"id": self.pk, "format": self.get_format_display()})

    @property
    def extension(self) -> str:
        """The file's extension: both CSV dialects are ``.csv``."""
        return "csv" if self.format == self.Format.CSV_PROGRAMS else self.format


class RecomputeRequest(models.Model):
    """Staff asked for the computed indicators of a year to be recomputed now (the dashboard's
    button). The row is the outbox of the job: a sweep enqueues it again until it has run."""

    year = models.PositiveSmallIntegerField(_("year"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    enqueued_at = models.DateTimeField(null=True, blank=True, editable=False)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("recompute request")
        verbose_name_plural = _("recompute requests")
        ordering = ["-requested_at"]
        indexes = [models.Index(fields=["finished_at", "requested_at"], name="monitoring_recompute_due_idx")]

    def __str__(self):
        return str(_("Recompute of %(year)s") % {"year": self.year})
