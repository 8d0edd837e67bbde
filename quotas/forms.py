"""Admin forms that hand their data to the services: a quota's new limits, a family to admit,
a reason to cancel."""

from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kernel.validators import validate_iin
from quotas.models import AdmissionMember, Quota
from settlements.models import Settlement


class QuotaAddForm(forms.ModelForm):
    """A new quota with its initial limits, and the document that set them."""

    document = forms.CharField(
        label=_("document"),
        max_length=255,
        required=False,
        help_text=_("The order or decision that set the quota: number and date."),
    )

    class Meta:
        model = Quota
        fields = [
            "kind",
            "region",
            "district",
            "period_start",
            "period_end",
            "limit_persons",
            "limit_families",
            "limit_compatriots",
            "status",
            "notes",
        ]


class QuotaLimitForm(forms.Form):
    limit_persons = forms.IntegerField(label=_("limit, persons"), min_value=0)
    limit_families = forms.IntegerField(
        label=_("limit, families"), min_value=0, required=False, help_text=_("Leave empty to count persons only.")
    )
    limit_compatriots = forms.IntegerField(
        label=_("reserved for ethnic Kazakhs and former compatriots, persons"), min_value=0, required=False
    )
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}))
    document = forms.CharField(
        label=_("document"),
        max_length=255,
        required=False,
        help_text=_("The order or decision behind the change: number and date."),
    )

    def __init__(self, *args, quota: Quota, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "limit_persons": quota.limit_persons,
                "limit_families": quota.limit_families,
                "limit_compatriots": quota.limit_compatriots,
            },
        )
        super().__init__(*args, **kwargs)
        if quota.kind != Quota.Kind.FOREIGN_LABOUR:
            del self.fields["limit_compatriots"]


class AdmissionForm(forms.Form):
    """The head of family and where and when the family arrives; members come in a formset."""

    settlement = forms.ModelChoiceField(label=_("settlement of arrival"), queryset=Settlement.objects.none())
    admitted_on = forms.DateField(label=_("admitted on"), widget=AdminDateWidget)
    head_iin = forms.CharField(label=_("head of family: IIN"), max_length=12, validators=[validate_iin])
    head_surname = forms.CharField(label=_("head of family: surname"), max_length=100)
    head_name = forms.CharField(label=_("head of family: name"), max_length=100)
    head_patronymic = forms.CharField(label=_("head of family: patronymic"), max_length=100, required=False)
    head_birth_date = forms.DateField(label=_("head of family: birth date"), widget=AdminDateWidget)

    def __init__(self, *args, quota: Quota, **kwargs):
        kwargs.setdefault("initial", {"admitted_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        settlements = Settlement.objects.filter(region_id=quota.region_id, is_active=True)
        if quota.district_id:
            settlements = settlements.filter(district_id=quota.district_id)
        self.fields["settlement"].queryset = settlements.order_by("name_kk")

    def head(self) -> dict:
        return {
            name: self.cleaned_data[f"head_{name}"] for name in ("iin", "surname", "name", "patronymic", "birth_date")
        }


class MemberForm(forms.Form):
    iin = forms.CharField(label=_("IIN"), max_length=12, validators=[validate_iin])
    surname = forms.CharField(label=_("surname"), max_length=100)
    name = forms.CharField(label=pgettext_lazy("person", "name"), max_length=100)
    patronymic = forms.CharField(label=_("patronymic"), max_length=100, required=False)
    birth_date = forms.DateField(label=_("birth date"), widget=AdminDateWidget)
    relation = forms.ChoiceField(
        label=_("relation to the head of family"), choices=[("", "---------"), *AdmissionMember.Relation.choices]
    )


# Blank rows are left out: a family of any size up to ten members fits on one page.
MemberFormSet = forms.formset_factory(MemberForm, extra=10, max_num=30)


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("reason for cancelling"), widget=forms.Textarea(attrs={"rows": 3}), required=True, max_length=2000
    )


class FindByIinForm(forms.Form):
    iin = forms.CharField(label=_("IIN"), max_length=12, validators=[validate_iin])
