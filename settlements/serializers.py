"""Serializers of the settlements API. Items are served from fragments pre-rendered at
publication; their serializer here documents that shape in the OpenAPI schema."""

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from settlements.models import Settlement, SettlementList


class MobilityCentreSerializer(serializers.Serializer):
    name = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()


class SettlementItemSerializer(serializers.Serializer):
    """One settlement of a published list (docs/architecture.md "External contracts")."""

    schema_description = gettext_lazy("One settlement of a published list.")

    kato = serializers.CharField(help_text=gettext_lazy("KATO code, 9 digits"))
    name_kk = serializers.CharField()
    name_ru = serializers.CharField()
    region = serializers.CharField(help_text=gettext_lazy("KATO code of the region"))
    district = serializers.CharField(help_text=gettext_lazy("KATO code of the district"))
    rural_district = serializers.CharField(
        allow_null=True, help_text=gettext_lazy("KATO code of the rural district, or null")
    )
    kind = serializers.ChoiceField(choices=Settlement.Kind.choices)
    development_potential = serializers.ChoiceField(choices=Settlement.Potential.choices)
    population = serializers.IntegerField()
    vacancies = serializers.IntegerField()
    housing_available = serializers.IntegerField()
    adaptation_programme = serializers.BooleanField()
    mobility_centre = MobilityCentreSerializer(allow_null=True)


class SettlementItemPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = SettlementItemSerializer(many=True)


class SettlementListSerializer(serializers.ModelSerializer):
    """A published version of the settlement list."""

    schema_description = gettext_lazy("A published version of the settlement list.")

    items = serializers.IntegerField(
        source="items_count", help_text=gettext_lazy("number of settlements in the version")
    )

    class Meta:
        model = SettlementList
        fields = ["version", "year", "published_at", "items", "checksum"]


class ChangedItemSerializer(serializers.Serializer):
    kato = serializers.CharField()
    fields = serializers.ListField(child=serializers.CharField())
    before = SettlementItemSerializer()
    after = SettlementItemSerializer()


class SettlementListChangesSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    since = serializers.IntegerField()
    added = SettlementItemSerializer(many=True)
    removed = SettlementItemSerializer(many=True)
    changed = ChangedItemSerializer(many=True)
