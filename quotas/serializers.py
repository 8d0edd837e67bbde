"""Quota and admission representations of the API (docs/architecture.md, "External contracts")."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from kernel.validators import validate_iin
from quotas.models import Admission, AdmissionMember, Quota
from settlements.models import Settlement


class QuotaSerializer(serializers.ModelSerializer):
    territory = serializers.CharField(source="territory_kato", read_only=True, help_text=_("KATO code."))
    utilisation = serializers.FloatField(
        read_only=True, allow_null=True, help_text=_("Share of the person limit used, in percent.")
    )

    class Meta:
        model = Quota
        fields = [
            "id",
            "kind",
            "period_start",
            "period_end",
            "territory",
            "limit_persons",
            "limit_families",
            "used_persons",
            "used_families",
            "utilisation",
        ]
        read_only_fields = fields


class QuotaFillMonthSerializer(serializers.Serializer):
    month = serializers.CharField(help_text=_("YYYY-MM."))
    used_persons = serializers.IntegerField(help_text=_("Persons admitted by the end of the month, cumulative."))
    used_families = serializers.IntegerField(help_text=_("Families admitted by the end of the month, cumulative."))


class QuotaFillSerializer(serializers.Serializer):
    """How a quota fills against its plan (quotas/fill.py states the method)."""

    schema_description = _(
        "How a quota fills against its plan: admissions by month, the plan's line, a projection and a status."
    )

    quota = serializers.IntegerField(source="quota.pk")
    kind = serializers.CharField(source="quota.kind")
    territory = serializers.CharField(source="quota.territory_kato", help_text=_("KATO code."))
    period_start = serializers.IntegerField(source="quota.period_start")
    period_end = serializers.IntegerField(source="quota.period_end")
    limit_persons = serializers.IntegerField(source="quota.limit_persons")
    used_persons = serializers.IntegerField()
    limit_families = serializers.IntegerField(source="quota.limit_families", allow_null=True)
    used_families = serializers.IntegerField()
    expected_persons_by_now = serializers.IntegerField(
        help_text=_("The plan's line today: the limit spread evenly over the period's days.")
    )
    projected_persons_at_period_end = serializers.IntegerField(
        help_text=_("Persons admitted by the period's end at the pace of the last 90 days (not capped at the limit).")
    )
    projected_low = serializers.IntegerField(help_text=_("The same at the slowest of the last three months' paces."))
    projected_high = serializers.IntegerField(help_text=_("The same at the fastest of the last three months' paces."))
    status = serializers.ChoiceField(
        choices=Quota.FillStatus.choices,
        help_text=_(
            "closed; exhausted (no place left); at_risk (projected to run out before the period ends); behind "
            "(projected to fill less than 90 % of the limit); ahead (over 10 % of the limit above the plan); on_track."
        ),
    )
    monthly = QuotaFillMonthSerializer(many=True)


class SettlementUtilisationSerializer(serializers.Serializer):
    settlement = serializers.CharField(help_text=_("KATO code."))
    name_kk = serializers.CharField()
    name_ru = serializers.CharField()
    families = serializers.IntegerField()
    persons = serializers.IntegerField()


class QuotaDetailSerializer(QuotaSerializer):
    by_settlement = SettlementUtilisationSerializer(many=True, read_only=True, source="utilisation_by_settlement")

    class Meta(QuotaSerializer.Meta):
        fields = [*QuotaSerializer.Meta.fields, "status", "limit_compatriots", "by_settlement"]
        read_only_fields = fields


class PersonSerializer(serializers.Serializer):
    iin = serializers.CharField(max_length=12, validators=[validate_iin])
    surname = serializers.CharField(max_length=100)
    name = serializers.CharField(max_length=100)
    patronymic = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    birth_date = serializers.DateField()


class MemberSerializer(PersonSerializer):
    relation = serializers.ChoiceField(choices=AdmissionMember.Relation.choices)


class AdmissionCreateSerializer(serializers.Serializer):
    """What a client sends to admit a family; the service checks the rest."""

    schema_description = _(
        "What a client sends to admit a family; the portal checks the rest and answers with field errors."
    )

    head = PersonSerializer()
    members = MemberSerializer(many=True, required=False, default=list)
    settlement = serializers.SlugRelatedField(
        slug_field="kato", queryset=Settlement.objects.all(), help_text=_("KATO code of the settlement of arrival.")
    )
    admitted_on = serializers.DateField()


class _HeadField(serializers.Serializer):
    iin = serializers.CharField(source="head_iin")
    surname = serializers.CharField(source="head_surname")
    name = serializers.CharField(source="head_name")
    patronymic = serializers.CharField(source="head_patronymic")
    birth_date = serializers.DateField(source="head_birth_date")


class AdmissionSummarySerializer(serializers.ModelSerializer):
    """An admission without personal data: what analysts see."""

    schema_description = _("An admission without personal data: what analysts receive.")

    settlement = serializers.CharField(source="settlement.kato", read_only=True, help_text=_("KATO code."))

    class Meta:
        model = Admission
        fields = ["id", "quota", "status", "persons", "settlement", "admitted_on", "created_at", "cancelled_at"]
        read_only_fields = fields


class AdmissionSerializer(AdmissionSummarySerializer):
    """An admission with its family: staff and staff-scope clients."""

    schema_description = _("An admission with its family: for staff and clients with the staff scope.")

    head = _HeadField(source="*", read_only=True)
    members = MemberSerializer(many=True, read_only=True)

    class Meta(AdmissionSummarySerializer.Meta):
        fields = [*AdmissionSummarySerializer.Meta.fields, "cancel_reason", "head", "members"]
        read_only_fields = fields


class AdmissionCancelSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class ConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.ChoiceField(
        choices=[
            ("quota_exhausted", _("the family does not fit in what is left of the quota")),
            ("quota_closed", _("the quota admits no families")),
        ]
    )
