import django_filters
from django.utils.translation import gettext_lazy

from kernel.filters import YearFilter
from kernel.territory.models import ASTANA_KATO
from monitoring.models import CITY, IndicatorValue, OutflowAlert
from monitoring.periods import PeriodKind

WHOLE_CITY = {"null", "city", ASTANA_KATO}


def _codes(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


class ValueFilter(django_filters.FilterSet):
    period = django_filters.CharFilter(
        method="filter_period", help_text=gettext_lazy("2026, 2026-Q1 or 2026-03; several separated by commas.")
    )
    district = django_filters.CharFilter(
        method="filter_district",
        help_text=gettext_lazy(
            "KATO code of an Astana district; `null` (or the city's code 710000000) for whole-city values."
        ),
    )
    indicator = django_filters.CharFilter(
        method="filter_indicator", help_text=gettext_lazy("Indicator code(s), comma-separated.")
    )
    year = YearFilter(field_name="period_start__year", help_text=gettext_lazy("All periods of a year."))
    period_kind = django_filters.ChoiceFilter(
        choices=PeriodKind.choices, help_text=gettext_lazy("year, quarter or month.")
    )

    class Meta:
        model = IndicatorValue
        fields = ["period", "district", "indicator", "year", "period_kind"]

    def filter_period(self, queryset, name, value):
        return queryset.filter(period__in=[v.upper() for v in _codes(value)])

    def filter_district(self, queryset, name, value):
        return queryset.filter(area__in=[CITY if v in WHOLE_CITY else v for v in _codes(value)])

    def filter_indicator(self, queryset, name, value):
        return queryset.filter(indicator__code__in=_codes(value))


class AlertFilter(django_filters.FilterSet):
    district = django_filters.CharFilter(
        method="filter_district", help_text=gettext_lazy("KATO code, or `null` for the whole city.")
    )
    year = YearFilter(field_name="period_start__year", help_text=gettext_lazy("Alerts of the periods of a year."))

    class Meta:
        model = OutflowAlert
        fields = ["status", "period", "district", "year"]

    def filter_district(self, queryset, name, value):
        return queryset.filter(area__in=[CITY if v in WHOLE_CITY else v for v in _codes(value)])
