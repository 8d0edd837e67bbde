from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from kernel.accounts.models import ApiKey
from kernel.accounts.services import api_key_revoke


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ["code", "scope", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["scope"]
    search_fields = ["code"]
    readonly_fields = ["code", "scope", "prefix", "created_at", "created_by", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        # Keys are created with `manage.py create_api_key`, which shows the secret exactly once.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Revoke the selected keys"), permissions=["change"])
    def revoke(self, request, queryset):
        for key in queryset:
            api_key_revoke(key=key, by=request.user)
        self.message_user(request, _("Keys revoked."), messages.SUCCESS)
