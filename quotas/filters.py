"""Filters of the quota list API: ``kind``, ``year`` (quotas whose period covers it), ``region``."""

import django_filters
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from kernel.filters import YearFilter
from quotas.models import Quota
from quotas.selectors import quotas_covering_year

region_code = RegexValidator(r"^\d{2}(\d{7})?$", _("Give the region's KATO code: 9 digits, or its first 2."))


class QuotaFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Quota.Kind.choices, help_text=_("Kind of quota."))
    year = YearFilter(method="filter_year", help_text=_("Quotas whose period covers this year."))
    region = django_filters.CharFilter(
        method="filter_region",
        validators=[region_code],
        help_text=_("KATO code of the region (9 digits, or its first 2)."),
    )

    class Meta:
        model = Quota
        fields = ["kind", "year", "region"]

    def filter_year(self, queryset, name, value):
        return quotas_covering_year(queryset, int(value))

    def filter_region(self, queryset, name, value):
        kato = value if len(value) == 9 else f"{value}0000000"
        return queryset.filter(region__kato=kato)
