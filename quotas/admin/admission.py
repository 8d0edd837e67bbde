"""Admissions in the admin: the admit-a-family form, cancelling, finding by IIN.

Admissions are searched by name only: the search box puts its words into the URL, and an IIN
must not go there (finding by IIN is a POST form).
"""

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kernel.audit.admin import AuditedViewsMixin
from kernel.read_only_admin import ReadOnlyAdminMixin
from kernel.validators import is_whole_number_text
from quotas import selectors, services
from quotas.errors import QuotaConflict
from quotas.forms import AdmissionForm, CancelForm, FindByIinForm, MemberFormSet
from quotas.models import Admission, AdmissionMember, Quota


class AdmissionYearFilter(admin.SimpleListFilter):
    title = _("year of the quota")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        return [(str(year), str(year)) for year in selectors.quota_years()]

    def queryset(self, request, queryset):
        if is_whole_number_text(self.value()):
            year = int(self.value())
            return queryset.filter(quota__period_start__lte=year, quota__period_end__gte=year)
        return queryset


class MemberInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = AdmissionMember
    fields = ["surname", "name", "patronymic", "iin", "birth_date", "relation"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Admission)
class AdmissionAdmin(AuditedViewsMixin, admin.ModelAdmin):
    list_display = ["id", "head_full_name", "persons", "quota", "settlement", "admitted_on", "status"]
    list_filter = ["status", "quota__kind", AdmissionYearFilter, ("quota__region", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["quota", "quota__region", "quota__district", "settlement"]
    # Names only: whatever is typed here ends up in the URL (?q=…), and an IIN must not.
    search_fields = ["head_surname", "head_name", "head_patronymic", "members__surname", "members__name"]
    search_help_text = _("Search by the surname or name of the head of family or a member.")
    date_hierarchy = "admitted_on"
    change_form_template = "admin/quotas/admission/change_form.html"
    change_list_template = "admin/quotas/admission/change_list.html"
    inlines = [MemberInline]
    actions = ["cancel_admissions"]
    fieldsets = [
        (None, {"fields": ["quota", "settlement", "admitted_on", "persons", "status"]}),
        (
            _("Head of family"),
            {"fields": ["head_surname", "head_name", "head_patronymic", "head_iin", "head_birth_date"]},
        ),
        (
            _("Record"),
            {
                "fields": ["created_at", "created_by_label", "cancelled_at", "cancelled_by_label", "cancel_reason"],
                "classes": ["collapse"],
            },
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        return [name for _title, options in self.fieldsets for name in options["fields"]]

    @admin.display(description=_("head of family"), ordering="head_surname")
    def head_full_name(self, obj):
        return obj.head_full_name

    def has_change_permission(self, request, obj=None):
        # An admission is changed only by cancelling it; the page itself is for reading.
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path("<int:pk>/cancel/", self.admin_site.admin_view(self.cancel_view), name="quotas_admission_cancel"),
            path("find-by-iin/", self.admin_site.admin_view(self.find_by_iin_view), name="quotas_admission_find"),
            *super().get_urls(),
        ]

    def find_by_iin_view(self, request):
        """Finding a family by IIN: the number is posted, never put in a URL, and the answer is the
        page itself (no redirect that would carry it)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = FindByIinForm(request.POST or None)
        found = None
        if request.method == "POST" and form.is_valid():
            iin = form.cleaned_data["iin"]
            found = list(
                selectors.admission_list().filter(Q(head_iin=iin) | Q(members__iin=iin)).distinct().order_by("-pk")
            )
        return TemplateResponse(
            request,
            "admin/quotas/admission/find_by_iin.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": _("Find a family by IIN"),
                "form": form,
                "found": found,
            },
        )

    # --- admitting a family: its own form, handed to admission_create ---------------------------

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        quota_id = request.GET.get("quota", "")
        quota = Quota.objects.filter(pk=quota_id).first() if is_whole_number_text(quota_id) else None
        context = {**self.admin_site.each_context(request), "opts": self.opts, "title": _("Admit a family")}
        if quota is None or not quota.admits_families:
            quotas = selectors.quota_list().filter(kind__in=Quota.FAMILY_KINDS, status=Quota.Status.OPEN)
            return TemplateResponse(request, "admin/quotas/admission/choose_quota.html", {**context, "quotas": quotas})
        form = AdmissionForm(request.POST or None, quota=quota)
        members = MemberFormSet(request.POST or None, prefix="members")
        if request.method == "POST" and form.is_valid() and members.is_valid():
            family = [row for row in members.cleaned_data if row]
            try:
                admission = services.admission_create(
                    quota=quota,
                    head=form.head(),
                    members=family,
                    settlement=form.cleaned_data["settlement"],
                    admitted_on=form.cleaned_data["admitted_on"],
                    by=request.user,
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            except QuotaConflict as exc:
                form.add_error(None, exc.message)
            else:
                self.message_user(
                    request,
                    _("The family is admitted: %(persons)d persons against %(quota)s.")
                    % {"persons": admission.persons, "quota": quota},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:quotas_admission_change", args=[admission.pk]))
        return TemplateResponse(
            request,
            "admin/quotas/admission/admit.html",
            {
                **context,
                "quota": quota,
                "form": form,
                "members": members,
                "media": self.media + form.media + members.media,
            },
        )

    # --- cancelling: an action and a page, both through admission_cancel ------------------------

    def cancel_view(self, request, pk):
        if not self.has_change_permission(request):
            raise PermissionDenied
        admission = get_object_or_404(Admission, pk=pk)
        return self._cancel(request, Admission.objects.filter(pk=admission.pk))

    @admin.action(description=_("Cancel the selected admissions"), permissions=["change"])
    def cancel_admissions(self, request, queryset):
        return self._cancel(request, queryset)

    def _cancel(self, request, queryset):
        admissions = list(queryset.filter(status=Admission.Status.ADMITTED).select_related("quota"))
        form = CancelForm(request.POST if "reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            for admission in admissions:
                services.admission_cancel(admission=admission, reason=form.cleaned_data["reason"], by=request.user)
            freed = sum(a.persons for a in admissions)
            self.message_user(
                request,
                ngettext(
                    "%(n)d admission cancelled; %(persons)d places are free again.",
                    "%(n)d admissions cancelled; %(persons)d places are free again.",
                    len(admissions),
                )
                % {"n": len(admissions), "persons": freed},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(reverse("admin:quotas_admission_changelist"))
        return TemplateResponse(
            request,
            "admin/quotas/admission/cancel.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": _("Cancel admissions"),
                "admissions": admissions,
                "form": form,
                "action": request.POST.get("action", ""),
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
            },
        )
