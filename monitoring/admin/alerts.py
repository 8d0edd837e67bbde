"""Outflow alerts (read-only: raised by the system), their measure plans, and the forecast."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from monitoring import forecast
from monitoring.admin.values import territory
from monitoring.models import Forecast, Measure, MeasurePlan, OutflowAlert
from monitoring.services import MonitoringError, measure_plan_complete, measure_plan_note, measure_save


@admin.register(OutflowAlert)
class OutflowAlertAdmin(admin.ModelAdmin):
    list_display = ["period", territory, "outflow", "natural_increase", "excess", "status", "raised_at", "plan_link"]
    list_filter = ["status", "district"]
    search_fields = ["period"]
    list_select_related = ["district", "plan"]
    fields = [
        "period",
        "territory_name",
        "emigration",
        "internal_outflow",
        "outflow",
        "natural_increase",
        "excess",
        "status",
        "raised_at",
        "closed_at",
        "plan_link",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("territory"))
    def territory_name(self, obj):
        return territory(obj)

    @admin.display(description=_("outflow above natural increase"))
    def excess(self, obj):
        return obj.excess

    @admin.display(description=_("measure plan"))
    def plan_link(self, obj):
        plan = getattr(obj, "plan", None)
        if plan is None:
            return "—"
        url = reverse("admin:monitoring_measureplan_change", args=[plan.pk])
        return format_html('<a href="{}">{}</a>', url, plan.get_status_display())


class MeasureInline(admin.TabularInline):
    model = Measure
    extra = 0
    fields = ["kind", "title", "owner", "starts_on", "due_on", "status", "note"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(MeasurePlan)
class MeasurePlanAdmin(admin.ModelAdmin):
    list_display = ["alert", "status", "progress", "opened_at", "completed_at"]
    list_filter = ["status"]
    list_select_related = ["alert", "alert__district"]
    fields = ["alert_link", "status", "opened_at", "completed_at", "note"]
    readonly_fields = ["alert_link", "status", "opened_at", "completed_at"]
    inlines = [MeasureInline]
    actions = ["complete"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("measures")

    def has_add_permission(self, request):
        return False  # a plan is opened by its alert

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("alert"))
    def alert_link(self, obj):
        url = reverse("admin:monitoring_outflowalert_change", args=[obj.alert_id])
        return format_html('<a href="{}">{}</a>', url, obj.alert)

    @admin.display(description=_("measures done"))
    def progress(self, obj):
        measures = list(obj.measures.all())
        done = sum(m.status in (Measure.Status.DONE, Measure.Status.CANCELLED) for m in measures)
        return f"{done} / {len(measures)}"

    def save_model(self, request, obj, form, change):
        # Only the note is editable on the plan itself.
        measure_plan_note(plan=obj, note=obj.note, by=request.user)

    def save_formset(self, request, form, formset, change):
        for measure in formset.save(commit=False):
            try:
                measure_save(measure=measure, by=request.user)
            except MonitoringError as exc:
                self.message_user(request, str(exc), messages.ERROR)
        formset.save_m2m()

    @admin.action(description=_("Complete the selected plans"), permissions=["change"])
    def complete(self, request, queryset):
        for plan in queryset:
            try:
                measure_plan_complete(plan=plan, by=request.user)
            except MonitoringError as exc:
                self.message_user(request, f"{plan}: {exc}", messages.ERROR)


@admin.register(Forecast)
class ForecastAdmin(admin.ModelAdmin):
    list_display = [
        "target_year",
        territory,
        "facility",
        "population",
        "places",
        "capacity",
        "shortfall",
        "net_migration",
    ]  # the base year and the births are filters and on each row's page: the list fits 1366 px
    list_filter = ["base_year", "target_year", "facility", "district"]
    list_select_related = ["district"]
    list_per_page = 200

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        # The method stands next to the figures it produced.
        return super().changelist_view(request, {**(extra_context or {}), "method": forecast.method_text()})
