"""Filters of the settlement list's items (``GET /api/v1/settlements/`` and ``…/<version>/items/``)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kernel.filters import TrueFalseFilter, YearFilter
from kernel.validators import validate_kato
from settlements.models import Settlement, SettlementList, SettlementListItem

# The query parameters that select items; with page and page_size they make the normalised
# query that a page's ETag and cache key are derived from.
FILTER_PARAMS = ("region", "district", "rural_district", "kind", "has_vacancies", "has_housing", "search")


class SettlementItemFilter(django_filters.FilterSet):
    region = django_filters.CharFilter(
        field_name="region", validators=[validate_kato], label=_("region (KATO code, 9 digits)")
    )
    district = django_filters.CharFilter(
        field_name="district", validators=[validate_kato], label=_("district (KATO code, 9 digits)")
    )
    rural_district = django_filters.CharFilter(
        field_name="rural_district", validators=[validate_kato], label=_("rural district (KATO code, 9 digits)")
    )
    kind = django_filters.ChoiceFilter(field_name="kind", choices=Settlement.Kind.choices, label=_("kind"))
    has_vacancies = TrueFalseFilter(method="filter_has_vacancies", label=_("has open vacancies"))
    has_housing = TrueFalseFilter(method="filter_has_housing", label=_("has housing on offer"))
    search = django_filters.CharFilter(method="filter_search", label=_("name or KATO code"))

    class Meta:
        model = SettlementListItem
        fields = list(FILTER_PARAMS)

    def filter_has_vacancies(self, queryset, name, value):
        return queryset.filter(vacancies__gt=0) if value else queryset.filter(vacancies=0)

    def filter_has_housing(self, queryset, name, value):
        return queryset.filter(housing_available__gt=0) if value else queryset.filter(housing_available=0)

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name_kk__icontains=value) | Q(name_ru__icontains=value) | Q(kato__startswith=value))


class SettlementListFilter(django_filters.FilterSet):
    year = YearFilter(field_name="year", help_text=_("Versions for this year."))

    class Meta:
        model = SettlementList
        fields = ["year"]
