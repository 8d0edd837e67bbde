"""The fill report for the ministry in the admin (issue 15): ordered here, built by a job, taken
through a permission-checked, audited download — thin, every step is a service."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from quotas.fill_report import period_title
from quotas.models import FillReport
from quotas.services import fill_report_download_record, fill_report_request, fill_report_validate

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
ADD_FIELDS = ["year", "period_kind", "number", "kind", "format", "language"]
VIEW_FIELDS = ["period", "kind", "format", "language", "status", "requested_by", "created_at", "finished_at", "error"]


class FillReportForm(forms.ModelForm):
    class Meta:
        model = FillReport
        fields = ADD_FIELDS

    def clean(self):
        data = super().clean()
        if {"year", "period_kind", "number"} <= set(data):
            try:
                fill_report_validate(year=data["year"], period_kind=data["period_kind"], number=data["number"])
            except ValidationError as exc:
                self.add_error(None, exc)
        return data


@admin.register(FillReport)
class FillReportAdmin(admin.ModelAdmin):
    form = FillReportForm
    list_display = ["__str__", "download", "period", "kind", "format", "language", "status", "created_at"]
    list_filter = ["status", "format"]
    list_select_related = ["requested_by"]

    def get_fields(self, request, obj=None):
        return ADD_FIELDS if obj is None else [*VIEW_FIELDS, "download"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else [*VIEW_FIELDS, "download"]

    def get_changeform_initial_data(self, request):
        return {"language": (get_language() or "kk")[:2]}

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        report = fill_report_request(by=request.user, **{name: data[name] for name in ADD_FIELDS})
        for field in report._meta.concrete_fields:
            setattr(obj, field.attname, getattr(report, field.attname))
        obj._state.adding = False

    def response_add(self, request, obj, post_url_continue=None):
        self.message_user(
            request,
            _("%(report)s is waiting to be built; this list shows its file once it is ready.") % {"report": obj},
        )
        return super().response_add(request, obj, post_url_continue)

    @admin.display(description=_("period"))
    def period(self, obj):
        return period_title(obj.year, obj.period_kind, obj.number)

    @admin.display(description=_("file"))
    def download(self, obj):
        if obj.status != FillReport.Status.READY:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:quotas_fillreport_download", args=[obj.pk]), _("Download")
        )

    def get_urls(self):
        view = self.admin_site.admin_view(self.download_view)
        return [path("<int:pk>/download/", view, name="quotas_fillreport_download"), *super().get_urls()]

    def download_view(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        report = get_object_or_404(FillReport, pk=pk)
        if report.status != FillReport.Status.READY or not report.content:
            raise Http404(_("The report is not ready."))
        fill_report_download_record(report=report, by=request.user)
        response = HttpResponse(bytes(report.content), content_type=CONTENT_TYPES[report.format])
        name = f"quota-fill-{report.year}-{report.period_kind}-{report.number}-{report.language}.{report.format}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
