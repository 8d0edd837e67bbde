"""Settlements offered for resettlement (rules p.5, p.7) and the recipients of the settlement list.

The settlement list, its versions and deliveries are added by the settlement-list work; the
``Settlement`` and ``Recipient`` fields here are a contract with ``quotas`` (admissions arrive in
a settlement) and with the API mobility centres pull.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from astana_migration.territory.models import District, Region, RuralDistrict
from astana_migration.validators import validate_kato


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
