"""Admin of imports: upload a file, follow its progress, download the template and the error report.

Small CSV files are processed during the upload; larger ones and every XLSX file by a Celery job
while the batch's page refreshes itself (the request only checks an XLSX file's zip directory).
The error report is rendered in the reader's language when downloaded.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from kernel.audit.admin import AuditedViewsMixin
from registration import exports, services
from registration.models import ImportBatch
from registration.selectors import can_see_personal_data
from registration.validation import message

MAX_UPLOAD_BYTES = 300 * 1024 * 1024
ERRORS_SHOWN = 50
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("file"),
        help_text=_("CSV (UTF-8 or Windows-1251) or XLSX, in the columns of the template."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".txt", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is too large; split it into smaller files."))
        return upload


@admin.register(ImportBatch)
class ImportBatchAdmin(AuditedViewsMixin, admin.ModelAdmin):
    list_display = (
        "id",
        "file_name",
        "created_by",
        "created_at",
        "status",
        "progress_bar",
        "rows_created",
        "error_count",
    )
    list_filter = ("status",)
    list_select_related = ("created_by",)
    show_full_result_count = False
    fields = (
        "file_name",
        "status",
        "progress_bar",
        "created_by",
        "created_at",
        "started_at",
        "finished_at",
        "rows_total",
        "rows_created",
        "rows_skipped",
        "error_count",
        "duplicate_of",
        "failure",
        "file_sha256",
        "report_links",
        "errors_preview",
    )
    readonly_fields = fields
    change_form_template = "admin/registration/importbatch/change_form.html"

    def has_add_permission(self, request):
        return super().has_add_permission(request) and can_see_personal_data(request.user)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("progress"))
    def progress_bar(self, obj):
        return format_html('<progress max="100" value="{}"></progress> {}%', obj.progress, obj.progress)

    @admin.display(description=_("error report"))
    def report_links(self, obj):
        if not obj.error_count:
            return "—"
        return format_html(
            '<a href="{}">CSV</a> · <a href="{}">XLSX</a>',
            reverse("admin:registration_importbatch_report", args=[obj.pk, "csv"]),
            reverse("admin:registration_importbatch_report", args=[obj.pk, "xlsx"]),
        )

    @admin.display(description=_("errors"))
    def errors_preview(self, obj):
        if not obj.errors:
            return "—"
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (row, column, value, message(column, code, params))
                for row, column, value, code, params in obj.errors[:ERRORS_SHOWN]
            ),
        )
        more = ""
        if obj.error_count > ERRORS_SHOWN:
            more = format_html("<p>{}</p>", _("The full list is in the error report."))
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>{}",
            _("row"),
            _("column"),
            _("value"),
            _("reason"),
            rows,
            more,
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("template.<str:fmt>", view(self.template_view), name="registration_importbatch_template"),
            path("<int:pk>/report.<str:fmt>", view(self.report_view), name="registration_importbatch_report"),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        """The upload form (replaces the model form: a batch is made by the import service)."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            # An XLSX file is never unpacked in the request, nor a large file held in memory.
            batch = services.import_batch_upload(upload=form.cleaned_data["file"], by=request.user)
            return HttpResponseRedirect(reverse("admin:registration_importbatch_change", args=[batch.pk]))
        return TemplateResponse(
            request,
            "admin/registration/importbatch/import_form.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Import registration records"),
                "opts": self.opts,
                "form": form,
                "has_view_permission": self.has_view_permission(request),
            },
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        batch = self.get_object(request, object_id)
        context = {"refresh": batch is not None and not batch.is_finished, **(extra_context or {})}
        return super().change_view(request, object_id, form_url, context)

    def template_view(self, request, fmt):
        if not self.has_view_permission(request) and not self.has_add_permission(request):
            raise PermissionDenied
        if fmt == "xlsx":
            return _download(exports.template_xlsx(), "registration-import-template.xlsx", XLSX_TYPE)
        return _download(exports.template_csv(), "registration-import-template.csv", "text/csv; charset=utf-8")

    def report_view(self, request, pk, fmt):
        # The values in a report may be personal data: only for those who may see it.
        if not self.has_view_permission(request) or not can_see_personal_data(request.user):
            raise PermissionDenied
        batch = get_object_or_404(ImportBatch, pk=pk)
        services.import_batch_report_record(batch=batch, by=request.user)
        name = f"registration-import-{batch.pk}-errors"
        if fmt == "xlsx":
            return _download(exports.error_report_xlsx(batch), f"{name}.xlsx", XLSX_TYPE)
        return _download(exports.error_report_csv(batch), f"{name}.csv", "text/csv; charset=utf-8")


def _download(content: bytes, file_name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response
