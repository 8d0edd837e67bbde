"""Analysts' reports: ordered in the admin, built by a Celery job (progress shown, the list refreshes
itself while one runs) and downloaded through a permission-checked view — never a media URL."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kernel.accounts.roles import DEPARTMENT_HEAD, DEPARTMENT_STAFF, user_has_role
from monitoring.admin.values import _copy_saved
from monitoring.forms import ReportRequestForm
from monitoring.models import Report
from monitoring.services import report_download_record, report_request

ADD_FIELDS = ["format", "year", "granularity", "periods", "districts", "indicators"]
VIEW_FIELDS = [
    "format",
    "status",
    "progress_bar",
    "summary",
    "language",
    "requested_by",
    "created_at",
    "started_at",
    "finished_at",
    "error",
    "download",
]


def can_download(user, report: Report) -> bool:
    """The requester, department staff and the head (and superusers) may take a report's file."""
    if not getattr(user, "is_authenticated", False):
        return False
    return report.requested_by_id == user.pk or user_has_role(user, DEPARTMENT_STAFF, DEPARTMENT_HEAD)


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    # The file's link right after the report's name: at the end of the row it sat beyond the
    # visible part of the table beside the admin's navigation and the filters.
    list_display = ["__str__", "download", "status", "progress_bar", "created_at", "summary", "requested_by"]
    list_filter = ["status", "format"]
    list_select_related = ["requested_by"]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        # Analysts see their own reports; staff and the head see all.
        if user_has_role(request.user, DEPARTMENT_STAFF, DEPARTMENT_HEAD):
            return qs
        return qs.filter(requested_by=request.user)

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = ReportRequestForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        return ADD_FIELDS if obj is None else VIEW_FIELDS

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else VIEW_FIELDS

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        report = report_request(
            by=request.user,
            periods=data["period_list"],
            districts=data["districts"],
            indicators=[i.code for i in data["indicators"]],
            format=data["format"],
            language=get_language(),
        )
        _copy_saved(obj, report)

    def response_add(self, request, obj, post_url_continue=None):
        self.message_user(
            request,
            _(
                "%(report)s is waiting to be built: this list shows its progress and, once it is ready, its file. "
                "If the job queue is unreachable it waits until the queue is back."
            )
            % {"report": obj},
            messages.INFO,
        )
        return super().response_add(request, obj, post_url_continue)

    def changelist_view(self, request, extra_context=None):
        running = self.get_queryset(request).filter(status__in=[Report.Status.PENDING, Report.Status.RUNNING]).exists()
        return super().changelist_view(request, {**(extra_context or {}), "reports_running": running})

    @admin.display(description=_("progress"))
    def progress_bar(self, obj):
        return format_html(
            '<progress max="100" value="{}">{} %</progress> {} %', obj.progress, obj.progress, obj.progress
        )

    @admin.display(description=_("contents"))
    def summary(self, obj):
        p = obj.parameters or {}
        periods = p.get("periods", [])
        shown = ", ".join(periods[:4]) + (" …" if len(periods) > 4 else "")
        counts = _("%(territories)s territories, %(indicators)s indicators") % {
            "territories": len(p.get("districts", [])),
            "indicators": len(p.get("indicators", [])),
        }
        return format_html("{}<br>{}", shown, counts)

    @admin.display(description=_("file"))
    def download(self, obj):
        if obj.status != Report.Status.READY:
            return "—"
        url = reverse("admin:monitoring_report_download", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download"))

    def get_urls(self):
        return [
            path(
                "<int:pk>/download/", self.admin_site.admin_view(self.download_view), name="monitoring_report_download"
            ),
            *super().get_urls(),
        ]

    def download_view(self, request, pk):
        report = get_object_or_404(Report, pk=pk)
        if not can_download(request.user, report):
            raise PermissionDenied
        if report.status != Report.Status.READY or not report.file:
            raise Http404(_("The report is not ready."))
        report_download_record(report=report, by=request.user)
        filename = f"monitoring-report-{report.pk}.{report.extension}"
        return FileResponse(report.file.open("rb"), as_attachment=True, filename=filename)
