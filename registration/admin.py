"""Admin of registration records, built for a million rows and for personal data.

* The first page never counts the table (``EstimatedCountPaginator``), filters are indexed, and
  only the registration date (and the record number) can be sorted on.
* Search goes through a POST form and the session: a searched IIN is never in a URL, and GET
  lookups other than the list filters are refused (``?iin=…`` would put one there).
* Who may not see personal data (analysts) gets de-identified columns, fields and exports, and
  no search; every opening of a record is audited.
* Writes go through ``services``; records are deregistered, never deleted.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import SEARCH_VAR
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect, QueryDict, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kernel.audit.admin import AuditedViewsMixin
from kernel.logging import mask_iins
from kernel.territory.selectors import astana_districts
from registration import services
from registration.admin_imports import ImportBatchAdmin  # noqa: F401 - registers the imports admin
from registration.exports import export_csv_stream, export_file_name
from registration.filters import FILTER_PARAMETERS, LIST_FILTERS
from registration.models import RegistrationRecord
from registration.pagination import EstimatedCountPaginator
from registration.selectors import can_see_personal_data, looks_like_iin, records_search

SEARCH_SESSION_KEY = "registration:search"

PERSON_FIELDS = (
    "iin",
    "document_type",
    "document_number",
    "surname",
    "name",
    "patronymic",
    "birth_date",
    "sex",
    "citizenship",
    "category",
    "ethnicity",
)
PERSONAL_FIELDSETS = (
    (_("Person"), {"fields": PERSON_FIELDS}),
    (_("Registration"), {"fields": ("kind", "registered_on", "valid_until", "purpose")}),
    (_("Address"), {"fields": ("district", "street", "building", "flat", "address_code")}),
    (_("Arrival and departure"), {"fields": ("arrived_from_region", "arrived_from_country")}),
    (_("Deregistration"), {"fields": ("deregistered_on", "departed_to_region", "departed_to_country")}),
)
# What someone without the personal data permission sees of a record: nothing that names,
# numbers, dates the birth of or locates a person beyond the district.
DEIDENTIFIED_FIELDSETS = (
    (_("Person"), {"fields": ("sex", "citizenship", "category")}),
    (_("Registration"), {"fields": ("kind", "registered_on", "valid_until", "purpose", "district")}),
    (_("Arrival and departure"), {"fields": ("arrived_from_region", "arrived_from_country")}),
    (_("Deregistration"), {"fields": ("deregistered_on", "departed_to_region", "departed_to_country")}),
)
DEIDENTIFIED_FIELDS = frozenset(f for _title, options in DEIDENTIFIED_FIELDSETS for f in options["fields"])


class SearchForm(forms.Form):
    term = forms.CharField(max_length=100, required=False)


class DeregistrationForm(forms.Form):
    on = forms.DateField(label=_("deregistered on"), widget=forms.DateInput(attrs={"type": "date"}))
    departed_to = forms.CharField(
        label=_("departed to"),
        max_length=9,
        required=False,
        help_text=_("KATO code of a region or ISO 3166 alpha-3 country code; may be empty."),
    )


@admin.register(RegistrationRecord)
class RegistrationRecordAdmin(AuditedViewsMixin, admin.ModelAdmin):
    paginator = EstimatedCountPaginator
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    list_per_page = 50
    list_max_show_all = 200
    list_filter = LIST_FILTERS
    list_select_related = ("district", "arrived_from_region")
    sortable_by = ("id", "registered_on")
    search_fields = ()  # the POST search below replaces the GET one
    actions = ["export_selected_csv", "deregister_selected"]
    readonly_fields = ("created_at", "updated_at")
    change_list_template = "admin/registration/registrationrecord/change_list.html"

    # --- What each user sees ---------------------------------------------------------------

    def get_list_display(self, request):
        if can_see_personal_data(request.user):
            return ("id", "masked_iin", "full_name", "birth_date", "district", "kind", "registered_on", "in_force")
        # An analyst's de-identified columns, within 1366 px; sex and citizenship are on each record's
        # page and in the export.
        return ("id", "district", "kind", "category", "purpose", "arrived_from", "registered_on", "in_force")

    def get_fieldsets(self, request, obj=None):
        if can_see_personal_data(request.user):
            return (*PERSONAL_FIELDSETS, (_("Record"), {"fields": ("created_at", "updated_at")}))
        return DEIDENTIFIED_FIELDSETS

    def get_form(self, request, obj=None, change=False, **kwargs):
        if not can_see_personal_data(request.user):
            # Belt and braces: the form itself carries no personal field for such a user.
            kwargs["fields"] = sorted(DEIDENTIFIED_FIELDS)
        return super().get_form(request, obj, change, **kwargs)

    def has_add_permission(self, request):
        return super().has_add_permission(request) and can_see_personal_data(request.user)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and can_see_personal_data(request.user)

    def has_delete_permission(self, request, obj=None):
        return False  # deregister instead: the history is what monitoring counts

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "district":
            kwargs["queryset"] = astana_districts()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("IIN"))
    def masked_iin(self, obj):
        return mask_iins(obj.iin) if obj.iin else format_html("<i>{}</i>", obj.get_document_type_display())

    @admin.display(description=_("full name"))
    def full_name(self, obj):
        return " ".join(p for p in (obj.surname, obj.name, obj.patronymic) if p)

    @admin.display(description=_("arrived from"))
    def arrived_from(self, obj):
        return obj.arrived_from_region or obj.arrived_from_country or "—"

    @admin.display(description=_("in force"), boolean=True)
    def in_force(self, obj):
        return obj.deregistered_on is None

    # --- Filters and search --------------------------------------------------------------

    def lookup_allowed(self, lookup, value, request=None):
        # Only the list filters: a lookup such as ?iin=… or ?surname=… would put personal data in
        # a URL and let anyone probe for a person.
        return lookup in FILTER_PARAMETERS

    def get_search_results(self, request, queryset, search_term):
        term = request.session.get(SEARCH_SESSION_KEY, "") if can_see_personal_data(request.user) else ""
        return (records_search(queryset, term) if term else queryset), False

    def get_urls(self):
        return [
            path(
                "search/",
                self.admin_site.admin_view(self.search_view),
                name="registration_registrationrecord_search",
            ),
            *super().get_urls(),
        ]

    def search_view(self, request):
        """Keep the search term in the session and go back to the list (POST only)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_view_permission(request) or not can_see_personal_data(request.user):
            # Searching by name or number is personal data: refused (and audited as a denial).
            raise PermissionDenied
        form = SearchForm(request.POST)
        term = form.cleaned_data["term"].strip() if form.is_valid() and "clear" not in request.POST else ""
        if term:
            request.session[SEARCH_SESSION_KEY] = term
        else:
            request.session.pop(SEARCH_SESSION_KEY, None)
        return HttpResponseRedirect(self._changelist_url(request.POST.get("filters", "")))

    def _changelist_url(self, query: str) -> str:
        """The list with the same filters; never a search term, nothing that looks like an IIN."""
        url = reverse("admin:registration_registrationrecord_changelist")
        kept = QueryDict(mutable=True)
        for key, values in QueryDict(query.lstrip("?")).lists():
            if key in FILTER_PARAMETERS:
                kept.setlist(key, [v for v in values if not looks_like_iin(v)])
        return f"{url}?{kept.urlencode()}" if kept else url

    def changelist_view(self, request, extra_context=None):
        if SEARCH_VAR in request.GET or looks_like_iin(request.META.get("QUERY_STRING", "")):
            # A search in the URL (typed by hand or an old bookmark) is dropped, not run.
            return HttpResponseRedirect(self._changelist_url(request.META.get("QUERY_STRING", "")))
        personal = can_see_personal_data(request.user)
        context = {
            "personal_search": personal,
            "search_term": request.session.get(SEARCH_SESSION_KEY, "") if personal else "",
            "search_url": reverse("admin:registration_registrationrecord_search"),
            "import_url": reverse("admin:registration_importbatch_add"),
            "can_import": personal and request.user.has_perm("registration.add_importbatch"),
            "filters_query": request.META.get("QUERY_STRING", ""),
        }
        return super().changelist_view(request, {**context, **(extra_context or {})})

    # --- Writes, through the services ----------------------------------------------------

    def save_model(self, request, obj, form, change):
        if change:
            services.registration_update(record=obj, by=request.user)
        else:
            services.registration_create(record=obj, by=request.user)

    @admin.action(description=_("Export selected records (CSV)"), permissions=["view"])
    def export_selected_csv(self, request, queryset):
        personal = can_see_personal_data(request.user)
        services.registration_export_record(by=request.user, personal=personal, filters=request.GET.urlencode())
        response = StreamingHttpResponse(
            export_csv_stream(queryset, personal=personal), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{export_file_name("registration-records", "csv")}"'
        return response

    @admin.action(description=_("Deregister selected records"), permissions=["change"])
    def deregister_selected(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True)[: services.MAX_BULK_DEREGISTRATION + 1])
        if len(ids) > services.MAX_BULK_DEREGISTRATION:
            self.message_user(
                request,
                _("At most %(max)d records can be deregistered at once.") % {"max": services.MAX_BULK_DEREGISTRATION},
                messages.ERROR,
            )
            return None
        form = DeregistrationForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            try:
                done, left = services.registration_bulk_deregister(
                    record_ids=ids,
                    on=form.cleaned_data["on"],
                    departed_to=form.cleaned_data["departed_to"],
                    by=request.user,
                )
            except services.RegistrationError as error:
                self.message_user(request, str(error), messages.ERROR)
                return None
            self.message_user(
                request,
                ngettext("%(count)d record deregistered.", "%(count)d records deregistered.", done) % {"count": done},
                messages.SUCCESS,
            )
            if left:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d record left alone: already deregistered or registered after that date.",
                        "%(count)d records left alone: already deregistered or registered after that date.",
                        left,
                    )
                    % {"count": left},
                    messages.WARNING,
                )
            return None
        if not form.is_bound:
            form = DeregistrationForm(initial={"on": timezone.localdate()})
        return TemplateResponse(
            request,
            "admin/registration/registrationrecord/deregister.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Deregister records"),
                "opts": self.opts,
                "form": form,
                "ids": ids,
                "count": len(ids),
                "select_across": request.POST.get("select_across", "0"),
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )
