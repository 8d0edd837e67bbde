"""Admin of settlements, recipients, the settlement list's versions and their deliveries.

Forms and actions call services; published versions and deliveries are read-only here.
"""

from django.contrib import admin, messages
from django.db import models
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from kernel.read_only_admin import ReadOnlyAdminMixin
from settlements import selectors, services
from settlements.errors import DeliveryError, SettlementListError
from settlements.models import Delivery, Recipient, Settlement, SettlementList, SettlementListItem


@admin.display(description=_("name"), ordering="name_kk")
def name_shown(obj) -> str:
    """A settlement's name in the reader's language (Kazakh, else Russian)."""
    return obj.name_ru if (get_language() or "kk").startswith("ru") and obj.name_ru else obj.name_kk


@admin.register(Settlement)
class SettlementAdmin(admin.ModelAdmin):
    # Fits a 1366-px screen: one name, in the reader's language (both are on the page and searched);
    # the development potential and the adaptation programme are filters and on the page.
    list_display = ["kato", name_shown, "district", "kind", "population", "vacancies", "housing_available", "is_active"]
    list_filter = ["is_active", "kind", "development_potential", "adaptation_programme", "region"]
    search_fields = ["kato", "name_kk", "name_ru"]
    list_select_related = ["region", "district"]
    raw_id_fields = ["district", "rural_district", "mobility_centre"]
    list_per_page = 100

    def save_model(self, request, obj, form, change):
        services.settlement_save(settlement=obj, by=request.user)

    def has_delete_permission(self, request, obj=None):
        return False  # admissions point at settlements: take one off the list with "offered for resettlement"


@admin.register(Recipient)
class RecipientAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "language", "email", "webhook_url", "webhook_disabled_at", "is_active"]
    list_filter = ["kind", "language", "is_active"]
    search_fields = ["code", "name", "email"]
    readonly_fields = ["webhook_secret"]
    # A webhook typed without a scheme is https (Django 6's default; silences its deprecation).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_model(self, request, obj, form, change):
        services.recipient_save(recipient=obj, by=request.user)

    def has_delete_permission(self, request, obj=None):
        return False  # deliveries keep their recipient: deactivate instead


def _run(modeladmin, request, queryset: QuerySet, service, done_message) -> None:
    done = 0
    for settlement_list in queryset.order_by("version"):
        try:
            service(settlement_list=settlement_list, by=request.user)
        except SettlementListError as exc:
            modeladmin.message_user(request, str(exc), messages.ERROR)
        else:
            done += 1
    if done:
        modeladmin.message_user(request, done_message % {"count": done}, messages.SUCCESS)


@admin.register(SettlementList)
class SettlementListAdmin(admin.ModelAdmin):
    list_display = ["version", "year", "status", "items_count", "approved_by", "published_at", "items_link"]
    list_filter = ["status", "year"]
    search_fields = ["=version", "note"]
    actions = ["refresh", "approve", "return_to_draft", "publish"]
    # A version's items (up to 10,000) are not inlined: the page links to their paginated,
    # searchable list, so it opens at once whatever the size of the version.
    readonly_fields = [
        "version",
        "status",
        "items_count",
        "items_link",
        "created_at",
        "created_by",
        "approved_at",
        "approved_by",
        "published_at",
        "published_by",
        "checksum",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("document").select_related("approved_by")

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["year", "note"]
        return ["year", "note", *self.readonly_fields]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["year", "note", *self.readonly_fields]

    def save_model(self, request, obj, form, change):
        if change:
            return  # versions change through the actions only
        created = services.settlement_list_create(year=obj.year, note=obj.note, by=request.user)
        obj.pk, obj.version, obj.items_count = created.pk, created.version, created.items_count

    def has_change_permission(self, request, obj=None):
        # A version changes only through the actions (refresh, approve, publish): its page has no Save.
        return obj is None and super().has_change_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False  # versions are one sequence, and a published one is kept for ever

    @admin.display(description=_("checksum"))
    def short_checksum(self, obj):
        return obj.checksum[:12] if obj.checksum else "—"

    @admin.display(description=_("items"))
    def items_link(self, obj):
        url = reverse("admin:settlements_settlementlistitem_changelist") + f"?settlement_list__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, _("all items of version %(version)s") % {"version": obj.version})

    def has_approve_permission(self, request):
        return request.user.has_perm("settlements.approve_settlementlist")

    def has_publish_permission(self, request):
        return request.user.has_perm("settlements.publish_settlementlist")

    @admin.action(description=_("Refresh the selected drafts from the settlements"), permissions=["change"])
    def refresh(self, request, queryset):
        _run(self, request, queryset, services.settlement_list_refresh, _("%(count)s draft(s) refreshed."))

    @admin.action(description=_("Approve the selected drafts"), permissions=["approve"])
    def approve(self, request, queryset):
        _run(self, request, queryset, services.settlement_list_approve, _("%(count)s version(s) approved."))

    @admin.action(description=_("Return the selected approved versions to draft"), permissions=["approve"])
    def return_to_draft(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            services.settlement_list_return_to_draft,
            _("%(count)s version(s) returned to draft."),
        )

    @admin.action(description=_("Publish the selected approved versions"), permissions=["publish"])
    def publish(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        _run(self, request, queryset, services.settlement_list_publish, _("%(count)s version(s) published."))
        waiting = selectors.deliveries_waiting_for_queue(ids)
        if waiting:
            self.message_user(
                request,
                ngettext(
                    "%(count)s delivery is waiting: the job queue is unreachable; it will be sent once it is back.",
                    "%(count)s deliveries are waiting: the job queue is unreachable; they will be sent once it is "
                    "back.",
                    waiting,
                )
                % {"count": waiting},
                messages.WARNING,
            )


@admin.register(SettlementListItem)
class SettlementListItemAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["kato", name_shown, "settlement_list", "kind", "population", "vacancies", "housing_available"]
    list_filter = ["settlement_list", "kind", "adaptation_programme"]
    search_fields = ["kato", "name_kk", "name_ru"]
    list_select_related = ["settlement_list"]
    list_per_page = 100

    def get_queryset(self, request):
        return super().get_queryset(request).defer("settlement_list__document")


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "version",
        "channel",
        "recipient",
        "status",
        "attempts",
        "error",
        "next_attempt_at",
        "sent_at",
    ]
    list_filter = ["status", "channel", "settlement_list"]
    search_fields = ["recipient__name", "recipient__code", "last_error"]
    list_select_related = ["settlement_list", "recipient"]
    actions = ["retry"]
    fields = [
        "settlement_list",
        "channel",
        "recipient",
        "status",
        "attempts",
        "last_error",
        "last_attempt_at",
        "next_attempt_at",
        "sent_at",
        "response",
        "idempotency_key",
        "created_at",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).defer("settlement_list__document")

    @admin.display(description=_("version"), ordering="settlement_list__version")
    def version(self, obj):
        return obj.settlement_list.version

    @admin.display(description=_("last error"))
    def error(self, obj):
        return Truncator(obj.last_error).chars(80)

    def has_retry_permission(self, request):
        return request.user.has_perm("settlements.retry_delivery")

    @admin.action(description=_("Retry the selected failed deliveries"), permissions=["retry"])
    def retry(self, request, queryset):
        done = 0
        for delivery in queryset:
            try:
                services.delivery_retry(delivery=delivery, by=request.user)
            except DeliveryError as exc:
                self.message_user(request, f"{delivery}: {exc}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext("%(count)s delivery will be retried.", "%(count)s deliveries will be retried.", done)
                % {"count": done},
                messages.SUCCESS,
            )
