from typing import TYPE_CHECKING

from django.contrib import admin

from kernel.audit.models import AuditEntry
from kernel.audit.services import audit_record
from kernel.read_only_admin import ReadOnlyAdminMixin


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["at", "actor_label", "action", "content_type", "object_repr"]
    list_filter = ["action", "content_type"]
    search_fields = ["actor_label", "object_repr"]
    date_hierarchy = "at"
    readonly_fields = [f.name for f in AuditEntry._meta.fields]
    show_full_result_count = False


if TYPE_CHECKING:  # the mixin sits before ModelAdmin among an admin's bases
    _ModelAdmin = admin.ModelAdmin
else:
    _ModelAdmin = object


class AuditedViewsMixin(_ModelAdmin):
    """Admin mixin for records holding personal data: every opening of a record's page is audited."""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and getattr(response, "status_code", 200) == 200:
            obj = self.get_object(request, object_id)
            if obj is not None:
                audit_record(by=request.user, action="view", target=obj)
        return response
