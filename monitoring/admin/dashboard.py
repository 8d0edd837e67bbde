"""The monitoring dashboard: a page of the admin, listed in the app index as "Dashboard".

Charts are SVG rendered on the server (``kernel.charts``): no scripts, nothing from outside.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kernel import charts
from kernel.charts import palette
from monitoring import forecast, selectors
from monitoring.models import Dashboard
from monitoring.reports.data import part_label
from monitoring.services import indicators_recompute_request

ALERTS_CHARTED = 12  # bars in the alerts' chart; the chart says how many more the table lists


@admin.register(Dashboard)
class DashboardAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path("recompute/", self.admin_site.admin_view(self.recompute_view), name="monitoring_dashboard_recompute"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        years = selectors.years_with_values()
        try:
            year = int(request.GET.get("year") or (years[0] if years else timezone.localdate().year))
        except ValueError:
            year = timezone.localdate().year
        data = selectors.dashboard(year)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Monitoring dashboard"),
            "opts": self.model._meta,
            "year": year,
            "years": years or [year],
            "data": data,
            "charts": _charts(data),
            "composition": [(part_label(k), v) for k, v in data["composition"]],
            "can_recompute": request.user.has_perm("monitoring.recompute_indicators"),
            "method": forecast.method_text(),
        }
        return TemplateResponse(request, "admin/monitoring/dashboard/dashboard.html", context)

    def recompute_view(self, request):
        return require_POST(self._recompute)(request)

    def _recompute(self, request):
        if not request.user.has_perm("monitoring.recompute_indicators"):
            raise PermissionDenied
        try:
            year = int(request.POST.get("year") or timezone.localdate().year)
        except ValueError:
            year = timezone.localdate().year
        requested = indicators_recompute_request(year=year, by=request.user)
        requested.refresh_from_db(fields=["enqueued_at"])  # emptied if the broker refused the job
        if requested.enqueued_at is None:
            self.message_user(
                request,
                _(
                    "The recompute of %(year)s is waiting: the job queue is unreachable; it will run once the "
                    "queue is back."
                )
                % {"year": year},
                messages.WARNING,
            )
        else:
            self.message_user(
                request, _("The indicators of %(year)s are being recomputed.") % {"year": year}, messages.SUCCESS
            )
        return redirect(f"{reverse('admin:monitoring_dashboard_changelist')}?year={year}")


def _charts(data) -> dict:
    """The dashboard's charts, each series in its meaning's colour (kernel.charts.palette)."""
    persons = _("persons")
    shown = data["alerts"][:ALERTS_CHARTED]
    return {
        "flows": charts.bar_chart(
            [charts.month_label(month) for month in range(1, 13)],
            [
                charts.Series(_("arrivals"), data["inflow"], palette.ARRIVALS),
                charts.Series(_("outflow"), data["outflow"], palette.OUTFLOW),
            ],
            title=_("Arrivals and outflow of the city by month"),
            unit=persons,
        ),
        "districts": charts.bar_chart(
            data["districts"],
            [
                charts.Series(_("outflow"), data["outflow_by_district"], palette.OUTFLOW),
                charts.Series(_("natural increase"), data["natural_by_district"], palette.NATURAL_INCREASE),
                charts.Series(_("net migration"), data["net_by_district"], palette.NET_MIGRATION),
            ],
            title=_("Outflow, natural increase and net migration by district"),
            unit=persons,
        ),
        "alerts": charts.hbar_chart(
            [f"{a.period_label}, {a.district.name if a.district_id else _('city')}" for a in shown],
            charts.Series(_("outflow above natural increase"), [float(a.excess) for a in shown], palette.EXCESS),
            title=_("Open outflow alerts"),
            left_out=data["alerts_total"] - len(shown),
        ),
    }
