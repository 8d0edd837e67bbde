"""Quotas in the admin: utilisation bars, filters by kind, year and territory, the limit form."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kernel.numbers import count_text
from kernel.read_only_admin import ReadOnlyAdminMixin
from kernel.validators import is_whole_number_text
from quotas import selectors, services
from quotas.fill import STATUS_LABELS, quotas_fill
from quotas.fill_chart import fill_chart
from quotas.forms import QuotaAddForm, QuotaLimitForm
from quotas.models import Admission, Quota, QuotaLimitChange
from quotas.utilisation import utilisation_level

RECENT_ADMISSIONS = 50


def utilisation_bar(quota: Quota) -> str:
    """A small bar with the percentage beside it: green, amber from 90 %, red when full."""
    percent = quota.utilisation
    if percent is None:
        return "—"
    level = utilisation_level(quota.used_persons, quota.limit_persons)
    css = "" if level == "ok" else level
    return format_html(
        '<span class="portal-bar {}" title="{} / {}"><span style="width: {}%"></span></span> {}&nbsp;%',
        css,
        quota.used_persons,
        quota.limit_persons,
        min(percent, 100),
        formats.number_format(percent, 1),  # 4,0 in Kazakh and Russian
    )


class QuotaYearFilter(admin.SimpleListFilter):
    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        return [(str(year), str(year)) for year in selectors.quota_years()]

    def queryset(self, request, queryset):
        if is_whole_number_text(self.value()):
            return selectors.quotas_covering_year(queryset, int(self.value()))
        return queryset


class LimitChangeInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = QuotaLimitChange
    verbose_name_plural = _("history of the limits")
    fields = [
        "at",
        "limit_persons_before",
        "limit_persons_after",
        "limit_families_before",
        "limit_families_after",
        "reason_shown",
        "document",
        "by_label",
    ]
    readonly_fields = fields
    extra = 0
    can_delete = False

    @admin.display(description=_("reason"))
    def reason_shown(self, obj):
        return obj.reason_text


class RecentAdmissionsFormSet(BaseInlineFormSet):
    """Only the latest admissions of the quota: a full quota holds thousands of families."""

    def __init__(self, *args, instance=None, queryset=None, **kwargs):
        if instance is not None and instance.pk and queryset is not None:
            recent = Admission.objects.filter(quota=instance).order_by("-admitted_on", "-pk").values("pk")
            queryset = queryset.filter(pk__in=recent[:RECENT_ADMISSIONS])
        super().__init__(*args, instance=instance, queryset=queryset, **kwargs)


class AdmissionInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Admission
    formset = RecentAdmissionsFormSet
    verbose_name_plural = _("latest admissions")
    fields = ["head_full_name", "persons", "settlement", "admitted_on", "status"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("settlement").order_by("-admitted_on", "-pk")

    @admin.display(description=_("head of family"))
    def head_full_name(self, obj):
        return obj.head_full_name


# A quota's limits and how it is used: shown read-only on its page.
LIMITS_AND_USE = [
    "limit_persons",
    "limit_families",
    "limit_compatriots",
    "utilisation_summary",
    "fill_summary",
    "by_settlement",
]


@admin.register(Quota)
class QuotaAdmin(admin.ModelAdmin):
    list_display = [
        "kind",
        "territory_display",
        "period_display",
        "persons_display",
        "bar",
        "families_display",
        "state",
    ]
    # The head's list of quotas by how they fill (recorded by the daily check): ?fill_status=at_risk.
    list_filter = ["kind", QuotaYearFilter, "fill_status", ("region", admin.RelatedOnlyFieldListFilter), "status"]
    list_select_related = ["region", "district"]
    search_fields = ["region__name_kk", "region__name_ru", "district__name_kk", "district__name_ru", "notes"]
    inlines = [LimitChangeInline, AdmissionInline]
    actions = ["change_limits", "close_quotas", "reopen_quotas"]
    change_form_template = "admin/quotas/quota/change_form.html"
    change_fieldsets = [
        (None, {"fields": ["kind", "region", "district", "period_start", "period_end", "status", "notes"]}),
        (
            _("Limits and utilisation"),
            {
                "fields": LIMITS_AND_USE,
                "description": _("Limits change only through “Change limits”, which records the change."),
            },
        ),
    ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = QuotaAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            # The document that set the initial limits sits right after them.
            fields = QuotaAddForm.Meta.fields
            return [(None, {"fields": [*fields[:8], "document", *fields[8:]]})]
        return self.change_fieldsets

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        fixed = list(LIMITS_AND_USE)  # limits change through "Change limits" only
        if obj.admissions.exists():
            fixed += services.QUOTA_IDENTITY_FIELDS
        return fixed

    def get_inline_instances(self, request, obj=None):
        return [] if obj is None else super().get_inline_instances(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            changes = {name: form.cleaned_data[name] for name in form.changed_data if name in services.QUOTA_FIELDS}
            services.quota_update(quota=obj, by=request.user, **changes)
            return
        data = form.cleaned_data
        quota = services.quota_create(
            **{name: data[name] for name in QuotaAddForm.Meta.fields}, document=data["document"], by=request.user
        )
        obj.pk = quota.pk
        obj._state.adding = False
        obj._state.db = quota._state.db

    # --- columns and read-only fields -----------------------------------------------------------

    @admin.display(description=_("status"), ordering="fill_status")
    def state(self, obj):
        """How the quota fills, as the daily check last saw it; its open/closed status until then."""
        return obj.get_fill_status_display() if obj.fill_status else obj.get_status_display()

    @admin.display(description=_("territory"), ordering="region__kato")
    def territory_display(self, obj):
        return obj.territory_name

    @admin.display(description=_("period"), ordering="period_start")
    def period_display(self, obj):
        return obj.period_label

    @admin.display(description=_("persons, used / limit"))
    def persons_display(self, obj):
        return f"{obj.used_persons} / {obj.limit_persons}"

    @admin.display(description=_("utilisation"))
    def bar(self, obj):
        return utilisation_bar(obj)

    @admin.display(description=_("families, used / limit"))
    def families_display(self, obj):
        if obj.limit_families is None:
            return count_text(obj.used_families)
        return f"{count_text(obj.used_families)} / {count_text(obj.limit_families)}"

    @admin.display(description=_("utilisation"))
    def utilisation_summary(self, obj):
        return format_html(
            "{}<br>{}",
            utilisation_bar(obj),
            _("%(used)s of %(limit)s persons used, %(left)s left; %(families)s families.")
            % {
                "used": count_text(obj.used_persons),
                "limit": count_text(obj.limit_persons),
                "left": count_text(obj.remaining_persons),
                "families": self.families_display(obj),
            },
        )

    @admin.display(description=_("fill against the plan"))
    def fill_summary(self, obj):
        (fill,) = quotas_fill([obj], today=timezone.localdate())
        return format_html(
            '<p><strong>{}</strong></p><p>{}</p><div class="portal-chart-box">{}</div><p class="help">{}</p>',
            STATUS_LABELS[fill.status],
            _(
                "Expected by today at an even pace: %(expected)s persons; admitted: %(used)s. At the pace of the "
                "last 90 days the period ends with %(projected)s persons (between %(low)s and %(high)s)."
            )
            % {
                "expected": count_text(fill.expected_persons_by_now),
                "used": count_text(fill.used_persons),
                "projected": count_text(fill.projected_persons_at_period_end),
                "low": count_text(fill.projected_low),
                "high": count_text(fill.projected_high),
            },
            fill_chart(fill),
            _(
                "Method: the plan spreads the limit evenly over the period's days; the projection adds the persons "
                "admitted in the last 90 days, per day, over the days left; the range uses the slowest and the "
                "fastest of the last three months instead."
            ),
        )

    @admin.display(description=_("by settlement of arrival"))
    def by_settlement(self, obj):
        rows = selectors.quota_utilisation_by_settlement(obj)
        if not rows:
            return "—"
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>",
            _("settlement"),
            _("families"),
            _("persons"),
            format_html_join(
                "",
                "<tr><td>{} ({})</td><td>{}</td><td>{}</td></tr>",
                ((row["name_kk"], row["settlement"], row["families"], row["persons"]) for row in rows),
            ),
        )

    # --- changing limits: a form that calls quota_limit_change ----------------------------------

    def get_urls(self):
        return [
            path(
                "<int:pk>/change-limits/",
                self.admin_site.admin_view(self.change_limits_view),
                name="quotas_quota_change_limits",
            ),
            *super().get_urls(),
        ]

    def change_limits_view(self, request, pk):
        if not request.user.has_perm("quotas.change_quota_limit"):
            raise PermissionDenied
        quota = get_object_or_404(Quota, pk=pk)
        form = QuotaLimitForm(request.POST or None, quota=quota)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.quota_limit_change(
                    quota=quota,
                    limit_persons=data["limit_persons"],
                    limit_families=data["limit_families"],
                    **({"limit_compatriots": data["limit_compatriots"]} if "limit_compatriots" in data else {}),
                    reason=data["reason"],
                    document=data["document"],
                    by=request.user,
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                self.message_user(request, _("The limits are changed and the change is recorded."), messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:quotas_quota_change", args=[quota.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "quota": quota,
            "form": form,
            "title": _("Change the limits of %(quota)s") % {"quota": quota},
        }
        return TemplateResponse(request, "admin/quotas/quota/change_limits.html", context)

    @admin.action(description=_("Change the limits of the selected quota"), permissions=["change_limit"])
    def change_limits(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Choose exactly one quota to change its limits."), messages.WARNING)
            return None
        return HttpResponseRedirect(reverse("admin:quotas_quota_change_limits", args=[queryset.get().pk]))

    def has_change_limit_permission(self, request):
        return request.user.has_perm("quotas.change_quota_limit")

    @admin.action(description=_("Close the selected quotas"), permissions=["change"])
    def close_quotas(self, request, queryset):
        self._set_status(request, queryset, Quota.Status.CLOSED)

    @admin.action(description=_("Reopen the selected quotas"), permissions=["change"])
    def reopen_quotas(self, request, queryset):
        self._set_status(request, queryset, Quota.Status.OPEN)

    def _set_status(self, request, queryset, status):
        changed = 0
        for quota in queryset.exclude(status=status):
            services.quota_update(quota=quota, status=status, by=request.user)
            changed += 1
        self.message_user(
            request,
            ngettext("%(n)d quota changed.", "%(n)d quotas changed.", changed) % {"n": changed},
            messages.SUCCESS,
        )


@admin.register(QuotaLimitChange)
class QuotaLimitChangeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "at",
        "quota",
        "limit_persons_before",
        "limit_persons_after",
        "reason_shown",
        "document",
        "by_label",
    ]
    list_filter = ["quota__kind", ("quota__region", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["quota", "quota__region", "quota__district"]
    search_fields = ["reason", "document"]
    date_hierarchy = "at"

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in QuotaLimitChange._meta.fields if field.name != "reason"] + ["reason_shown"]

    def get_fields(self, request, obj=None):
        return self.get_readonly_fields(request, obj)

    @admin.display(description=_("reason"))
    def reason_shown(self, obj):
        return obj.reason_text
