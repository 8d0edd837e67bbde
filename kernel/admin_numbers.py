"""Counts and values in the admin's lists written as on every other page (kernel.numbers): "20 778"
beside "1 172", never "20778"; "1 850,5", never "1850.50". Put on every ModelAdmin by the portal's
admin site.

Django's lists format a number without grouping its thousands (the project does not turn on
``USE_THOUSAND_SEPARATOR``: years, versions and codes are numbers too, and "2 026" is no year), so a
list's numeric columns are shown through ``count_text`` / ``value_text`` here, each still sortable
by its field. Years, versions and identifiers are left as they are.
"""

from typing import TYPE_CHECKING

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from kernel.numbers import count_text, value_text

NOT_QUANTITIES = ("year", "version", "number", "position", "order", "pk", "id", "code", "kato", "progress")


def _is_quantity(field) -> bool:
    if isinstance(field, models.AutoField | models.ForeignKey) or field.choices:
        return False
    if not isinstance(field, models.IntegerField | models.DecimalField | models.FloatField):
        return False
    return not any(word in field.name for word in NOT_QUANTITIES)


def _column(field):
    written = count_text if isinstance(field, models.IntegerField) else value_text

    @admin.display(description=field.verbose_name, ordering=field.name)
    def column(obj):
        value = getattr(obj, field.name)
        return written(value) if value is not None else "—"

    column.__name__ = field.name
    return column


if TYPE_CHECKING:  # the mixin sits before ModelAdmin among an admin's bases
    from django.contrib.admin import ModelAdmin as _ModelAdmin
else:
    _ModelAdmin = object


class NumbersAdminMixin(_ModelAdmin):
    """A list's numeric columns written the language's way (a list's editable columns are kept)."""

    def get_list_display(self, request):
        shown = []
        for item in super().get_list_display(request):
            field = None
            if isinstance(item, str):
                try:
                    field = self.model._meta.get_field(item)
                except FieldDoesNotExist:
                    field = None
            editable = item in (self.list_editable or ())
            shown.append(
                self._number_column(field) if field is not None and _is_quantity(field) and not editable else item
            )
        return shown

    def _number_column(self, field):
        # The same callable each time: Django finds a sortable column by comparing list_display's
        # items with get_sortable_by's, which asks get_list_display again.
        columns = self.__dict__.setdefault("_number_columns", {})
        if field.name not in columns:
            columns[field.name] = _column(field)
        return columns[field.name]
