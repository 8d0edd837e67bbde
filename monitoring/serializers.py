from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from monitoring.models import CITY, Forecast, Indicator, IndicatorValue, OutflowAlert


class IndicatorSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text=gettext_lazy("Name in the language of the request."))
    parent = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text=gettext_lazy("Code of the composite it is part of.")
    )
    definition = serializers.CharField(read_only=True, help_text=gettext_lazy("How the value is obtained."))

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "name_kk",
            "name_ru",
            "name_en",
            "unit",
            "period_type",
            "source",
            "parent",
            "definition",
        ]


@extend_schema_field({"type": "string", "nullable": True, "example": "711210000"})
class AreaField(serializers.Field):
    """The district's KATO code, or null for the whole city."""

    def to_representation(self, value):
        return None if value == CITY else value


class ValueSerializer(serializers.ModelSerializer):
    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True)
    district = AreaField(source="area", read_only=True)
    value = serializers.DecimalField(max_digits=16, decimal_places=2, coerce_to_string=False, read_only=True)

    class Meta:
        model = IndicatorValue
        fields = ["indicator", "period", "district", "value", "breakdown", "source_document", "updated_at"]


class AlertSerializer(serializers.ModelSerializer):
    district = AreaField(source="area", read_only=True)
    outflow = serializers.DecimalField(max_digits=16, decimal_places=2, coerce_to_string=False, read_only=True)
    natural_increase = serializers.DecimalField(max_digits=16, decimal_places=2, coerce_to_string=False, read_only=True)

    class Meta:
        model = OutflowAlert
        fields = ["id", "period", "district", "outflow", "natural_increase", "status", "raised_at", "closed_at"]


class ForecastSerializer(serializers.ModelSerializer):
    district = AreaField(source="area", read_only=True)
    migration_rate = serializers.DecimalField(max_digits=8, decimal_places=5, coerce_to_string=False, read_only=True)

    class Meta:
        model = Forecast
        fields = [
            "base_year",
            "target_year",
            "district",
            "facility",
            "population",
            "places",
            "capacity",
            "shortfall",
            "net_migration",
            "births",
            "migration_rate",
        ]
