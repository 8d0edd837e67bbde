"""Territory reference: region → district → rural district, each with its KATO code.

Settlements, the fourth level, live in the ``settlements`` app. Reference rows come from
``load_reference_data``; no logic hard-codes a code except Astana's own region code below,
which the rules are about.
"""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kernel.validators import validate_kato

ASTANA_KATO = "710000000"


class TerritoryUnit(models.Model):
    kato = models.CharField(_("KATO code"), max_length=9, unique=True, validators=[validate_kato])
    name_kk = models.CharField(_("name (Kazakh)"), max_length=200)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)

    class Meta:
        abstract = True
        ordering = ["kato"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language: Russian for ru (and en), Kazakh otherwise."""
        return self.name_ru if (get_language() or "kk").startswith(("ru", "en")) else self.name_kk


class Region(TerritoryUnit):
    """An oblast or a city of republican significance (Astana is 71)."""

    receives_migrants = models.BooleanField(
        _("receives kandases and resettlers"),
        default=False,
        help_text=_("Designated by the Government for settling kandases and resettlers."),
    )

    class Meta(TerritoryUnit.Meta):
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    @property
    def code(self) -> str:
        return self.kato[:2]


class District(TerritoryUnit):
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="districts", verbose_name=_("region"))
    assigned_for_settlement = models.BooleanField(
        _("assigned for settling kandases and resettlers"),
        default=False,
        help_text=_("Changed only by an accepted proposal (rules p.4)."),
    )

    class Meta(TerritoryUnit.Meta):
        verbose_name = _("district")
        verbose_name_plural = _("districts")


class RuralDistrict(TerritoryUnit):
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="rural_districts", verbose_name=_("district")
    )

    class Meta(TerritoryUnit.Meta):
        verbose_name = _("rural district")
        verbose_name_plural = _("rural districts")
