"""The indicator catalogue (read-only), values and natural increase entered from statistics."""

from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from kernel.read_only_admin import ReadOnlyAdminMixin
from monitoring import catalogue
from monitoring.forms import EnteredValueForm, FacilityCapacityForm, NaturalIncreaseForm
from monitoring.models import FacilityCapacity, Indicator, IndicatorValue, NaturalIncrease
from monitoring.reports.data import part_label
from monitoring.services import facility_capacity_enter, indicator_value_enter, natural_increase_enter


def _copy_saved(target, saved) -> None:
    """Let the admin's bookkeeping (messages, redirect, log) see the row the service saved."""
    for field in saved._meta.concrete_fields:
        setattr(target, field.attname, getattr(saved, field.attname))
    target._state.adding = False


def territory(obj) -> str:
    return obj.district.name if obj.district_id else _("Astana (whole city)")


territory.short_description = _("territory")


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name_shown", "unit", "period_type", "source"]
    list_filter = ["source", "period_type"]
    search_fields = ["code", "name_kk", "name_ru", "name_en"]
    readonly_fields = ["definition"]
    fields = ["code", "name_kk", "name_ru", "name_en", "unit", "period_type", "source", "parent", "definition"]

    # The catalogue is data shipped with the code (monitoring/catalogue.py), loaded by a migration:
    # read only (ReadOnlyAdminMixin).

    @admin.display(description=_("name"), ordering="code")
    def name_shown(self, obj):
        return obj.name

    @admin.display(description=_("how it is obtained"))
    def definition(self, obj):
        return obj.definition


@admin.register(IndicatorValue)
class IndicatorValueAdmin(admin.ModelAdmin):
    form = EnteredValueForm
    list_display = ["indicator", "period", territory, "value", "source_document", "updated_at"]
    list_filter = ["indicator__source", "indicator", "period_kind", "district"]
    search_fields = ["period", "indicator__code", "source_document"]
    list_select_related = ["indicator", "district"]
    list_per_page = 100

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(indicator__code=catalogue.NATURAL_INCREASE)

    def get_fields(self, request, obj=None):
        if obj is not None and not self._entered(obj):
            return ["indicator", "period", "territory_name", "value", "breakdown_table", "updated_at"]
        return ["indicator", "period", "district", "value", "source_document"] + (["breakdown_table"] if obj else [])

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not self._entered(obj):
            return self.get_fields(request, obj)
        return ["breakdown_table"]

    @admin.display(description=_("territory"))
    def territory_name(self, obj):
        return territory(obj)

    @staticmethod
    def _entered(obj) -> bool:
        return obj.indicator.source == Indicator.Source.ENTERED

    def has_change_permission(self, request, obj=None):
        # Computed and derived values are recomputed, never edited.
        if obj is not None and not self._entered(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("breakdown"))
    def breakdown_table(self, obj):
        if not obj.breakdown:
            return "—"
        rows = format_html_join(
            "", "<tr><td>{}</td><td>{}</td></tr>", ((part_label(k), v) for k, v in obj.breakdown.items())
        )
        return format_html("<table>{}</table>", rows)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        saved = indicator_value_enter(
            indicator=data["indicator"],
            period=data["period"],
            district=data.get("district"),
            value=data["value"],
            source_document=data["source_document"],
            by=request.user,
        )
        _copy_saved(obj, saved)


@admin.register(NaturalIncrease)
class NaturalIncreaseAdmin(admin.ModelAdmin):
    form = NaturalIncreaseForm
    list_display = ["period", territory, "births", "deaths", "value", "source_document", "updated_at"]
    list_filter = ["period_kind", "district"]
    search_fields = ["period", "source_document"]
    list_select_related = ["district"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(indicator__code=catalogue.NATURAL_INCREASE)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("births"))
    def births(self, obj):
        return obj.births

    @admin.display(description=_("deaths"))
    def deaths(self, obj):
        return obj.deaths

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        saved = natural_increase_enter(
            period=data["period"],
            district=data.get("district"),
            births=data["births"],
            deaths=data["deaths"],
            source_document=data["source_document"],
            by=request.user,
        )
        _copy_saved(obj, saved)


@admin.register(FacilityCapacity)
class FacilityCapacityAdmin(admin.ModelAdmin):
    """Existing capacity, set against the p.8 forecast's places needed (from its next computation)."""

    form = FacilityCapacityForm
    list_display = [territory, "facility", "capacity", "as_of", "source_document", "updated_at"]
    list_filter = ["facility", "district"]
    list_select_related = ["district"]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        saved = facility_capacity_enter(
            district=data.get("district"),
            facility=data["facility"],
            capacity=data["capacity"],
            as_of=data["as_of"],
            source_document=data["source_document"],
            by=request.user,
        )
        _copy_saved(obj, saved)
