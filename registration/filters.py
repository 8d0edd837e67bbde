"""The admin's list filters for registration records.

Each one filters on an indexed column with the default ordering behind it (see the model's
indexes), and none runs a query to draw itself: at a million rows a facet count per choice
would cost more than the page.
"""

import datetime

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kernel.territory.selectors import astana_districts
from registration.choices import Category, Kind


class ChoiceFilter(admin.SimpleListFilter):
    field_name = ""
    options: tuple = ()

    def lookups(self, request, model_admin):
        return self.options

    def queryset(self, request, queryset):
        if self.value() in dict(self.options):
            return queryset.filter(**{self.field_name: self.value()})
        return queryset


class KindFilter(ChoiceFilter):
    title = _("kind of registration")
    parameter_name = field_name = "kind"
    options = tuple(Kind.choices)


class CategoryFilter(ChoiceFilter):
    title = _("category")
    parameter_name = field_name = "category"
    options = tuple(Category.choices)


class DistrictFilter(admin.SimpleListFilter):
    title = _("district of Astana")
    parameter_name = "district"

    def lookups(self, request, model_admin):
        # Six rows, read once per page; the filter value is the KATO code, stable across databases.
        self._districts = {d.kato: d for d in astana_districts()}
        return [(kato, district.name) for kato, district in self._districts.items()]

    def queryset(self, request, queryset):
        district = getattr(self, "_districts", {}).get(self.value())
        if district is not None:
            return queryset.filter(district_id=district.pk)
        return queryset


class StatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("active", _("in force")), ("ended", _("deregistered"))]

    def queryset(self, request, queryset):
        if self.value() == "active":
            return queryset.filter(deregistered_on__isnull=True)
        if self.value() == "ended":
            return queryset.filter(deregistered_on__isnull=False)
        return queryset


class RegisteredFilter(admin.SimpleListFilter):
    title = _("registered on")
    parameter_name = "registered"

    def lookups(self, request, model_admin):
        return [
            ("30d", _("in the last 30 days")),
            ("month", _("this month")),
            ("year", _("this year")),
            ("last_year", _("last year")),
            ("earlier", _("before last year")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        start_of_year = today.replace(month=1, day=1)
        last_year = start_of_year.replace(year=today.year - 1)
        ranges = {
            "30d": (today - datetime.timedelta(days=30), None),
            "month": (today.replace(day=1), None),
            "year": (start_of_year, None),
            "last_year": (last_year, start_of_year),
            "earlier": (None, last_year),
        }
        if self.value() not in ranges:
            return queryset
        since, before = ranges[self.value()]
        if since is not None:
            queryset = queryset.filter(registered_on__gte=since)
        if before is not None:
            queryset = queryset.filter(registered_on__lt=before)
        return queryset


LIST_FILTERS = [DistrictFilter, KindFilter, CategoryFilter, StatusFilter, RegisteredFilter]
FILTER_PARAMETERS = frozenset(f.parameter_name for f in LIST_FILTERS)
