"""Proposals in the admin: drafting through the services, workflow buttons per role, letters."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from proposals import services
from proposals.errors import ProposalError
from proposals.evidence import evidence_rows
from proposals.letters import proposal_letter_pdf
from proposals.models import Proposal, Status
from proposals.suggestions import proposals_suggest
from proposals.workflow import ACTIONS, available_actions

EDITABLE = ["kind", "direction", "quota", "district", "amount", "horizon", "justification"]


class ProposalForm(forms.ModelForm):
    class Meta:
        model = Proposal
        fields = EDITABLE

    def clean(self):
        data = super().clean()
        try:
            services.proposal_validate_target(
                kind=data.get("kind"),
                direction=data.get("direction"),
                quota=data.get("quota"),
                district=data.get("district"),
                amount=data.get("amount"),
            )
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                self.add_error(name if name in self.fields else None, errors)
        return data


class TransitionForm(forms.Form):
    """Number and date of the outgoing letter or of the authorised body's decision."""

    number = forms.CharField(label=_("number"), max_length=64)
    date = forms.DateField(label=_("date"), widget=forms.DateInput(attrs={"type": "date"}))


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    form = ProposalForm
    list_display = ["__str__", "direction", "target", "amount", "status", "suggested", "created_at"]
    list_filter = ["status", "kind", "direction", "suggested"]
    search_fields = ["justification", "outgoing_number", "decision_number"]
    list_select_related = ["quota", "district"]
    autocomplete_fields = []
    readonly_fields = [
        "status",
        "suggested",
        "evidence_table",
        "created_by",
        "submitted_at",
        "approved_by",
        "approved_at",
        "outgoing_number",
        "sent_on",
        "decision_number",
        "decided_on",
        "applied_change",
    ]
    change_form_template = "admin/proposals/proposal/change_form.html"
    change_list_template = "admin/proposals/proposal/change_list.html"

    @admin.display(description=_("target"))
    def target(self, obj):
        return obj.quota or obj.district

    @admin.display(description=_("evidence (frozen at submission)"))
    def evidence_table(self, obj):
        if not obj.evidence:
            return "—"
        header, *rows = evidence_rows(obj.evidence)
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>",
            *header,
            format_html_join("", "<tr><td>{}</td><td>{}</td></tr>", rows),
        )

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status != Status.DRAFT:
            return EDITABLE + self.readonly_fields
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return False  # a proposal is withdrawn, never deleted: the trail stays

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "quota" and field is not None:
            # Each option names the quota's territory: its region and district come in the same query.
            field.queryset = field.queryset.select_related("region", "district")
        return field

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data.get(name) for name in EDITABLE}
        data["horizon"] = data["horizon"] or ""
        if change:
            saved = services.proposal_update(proposal=obj, by=request.user, **data)
        else:
            saved = services.proposal_create(by=request.user, **data)
        obj.pk, obj.status, obj.created_at = saved.pk, saved.status, saved.created_at

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "<int:object_id>/do/<str:action>/",
                self.admin_site.admin_view(self.transition_view),
                name=f"{prefix}_transition",
            ),
            path("suggest/", self.admin_site.admin_view(self.suggest_view), name=f"{prefix}_suggest"),
            path(
                "<int:object_id>/letter/<str:language>/",
                self.admin_site.admin_view(self.letter_view),
                name=f"{prefix}_letter",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if obj is not None:
            extra_context["workflow_actions"] = available_actions(obj, request.user)
        return super().change_view(request, object_id, form_url, extra_context)

    def transition_view(self, request, object_id, action):
        proposal = get_object_or_404(Proposal, pk=object_id)
        if action not in ACTIONS or not self.has_view_permission(request, proposal):
            raise PermissionDenied
        spec = ACTIONS[action]
        if not request.user.has_perm(spec.transition.permission):
            raise PermissionDenied
        change_url = reverse("admin:proposals_proposal_change", args=[proposal.pk])
        form = TransitionForm(request.POST or None) if spec.fields else None
        if request.method == "POST" and (form is None or form.is_valid()):
            kwargs = {}
            if form is not None:
                kwargs = {
                    spec.fields[0]: form.cleaned_data["number"],
                    spec.fields[1]: form.cleaned_data["date"],
                    "today": timezone.localdate(),
                }
            try:
                spec.service(proposal=proposal, by=request.user, **kwargs)
            except ProposalError as exc:
                self.message_user(request, str(exc), messages.ERROR)
            except ValidationError as exc:
                if form is None or not hasattr(exc, "error_dict"):
                    self.message_user(request, " ".join(exc.messages), messages.ERROR)
                    return HttpResponseRedirect(change_url)
                # A number or date refused by the service: shown on the form's own field, kept as typed.
                for name, errors in exc.message_dict.items():
                    form.add_error("number" if name == spec.fields[0] else "date", errors)
            else:
                self.message_user(request, _("Done: %(action)s.") % {"action": spec.label}, messages.SUCCESS)
                return HttpResponseRedirect(change_url)
            if form is None or not form.errors:
                return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": proposal,
            "action": spec,
            "form": form,
            "title": spec.label,
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/proposals/proposal/transition.html", context)

    def suggest_view(self, request):
        """POST: draft what quota use and outflow alerts call for, now (the same as the daily job)."""
        if request.method != "POST" or not self.has_add_permission(request):
            raise PermissionDenied
        drafts = proposals_suggest(by=request.user)
        self.message_user(
            request,
            ngettext("%(count)d draft proposed.", "%(count)d drafts proposed.", len(drafts)) % {"count": len(drafts)},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:proposals_proposal_changelist"))

    def letter_view(self, request, object_id, language):
        proposal = get_object_or_404(Proposal, pk=object_id)
        if language not in ("kk", "ru") or not self.has_view_permission(request, proposal):
            raise PermissionDenied
        response = HttpResponse(proposal_letter_pdf(proposal, language), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="proposal-{proposal.pk}-{language}.pdf"'
        return response
