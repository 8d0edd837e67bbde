"""Query filters shared by the apps' APIs: strict where django-filter is lenient.

django-filter reads a number filter as a decimal (``year=0.5`` passes) and a boolean filter
through a select widget that turns any unknown word into "no filter" (``has_housing=maybe`` is
silently ignored). A client's typo must be a 400 naming the parameter, as the schema promises,
not an answer to a question it did not ask. An empty value still means "no filter" everywhere
(the schema says so with ``allowEmptyValue``).
"""

import re

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field


class WholeNumberField(forms.IntegerField):
    """ASCII digits with an optional minus: no decimals (not even ``2026.0``), no exponent."""

    default_error_messages = {"invalid": _("Enter a whole number.")}

    def to_python(self, value):
        if isinstance(value, str) and value.strip() and not re.fullmatch(r"-?[0-9]+", value.strip()):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class IntegerFilter(django_filters.NumberFilter):
    """A whole number; the schema says ``integer`` with the filter's bounds and help text."""

    field_class = WholeNumberField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        schema = {"type": "integer"}
        for option, keyword in (("min_value", "minimum"), ("max_value", "maximum")):
            if self.extra.get(option) is not None:
                schema[keyword] = self.extra[option]
        if self.extra.get("help_text"):
            schema["description"] = self.extra["help_text"]
        extend_schema_field(schema)(self)


# The years the portal's data can have (the rules date from 2024; registration history reaches back).
YEAR_MIN, YEAR_MAX = 2000, 2100


class YearFilter(IntegerFilter):
    """A calendar year within the portal's range: ``year=-1`` or ``year=99999`` is a 400 naming
    ``year``, never a date the database cannot build."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", YEAR_MIN)
        kwargs.setdefault("max_value", YEAR_MAX)
        super().__init__(*args, **kwargs)


class TrueFalseField(forms.Field):
    """``true`` or ``false`` (as the OpenAPI schema writes booleans); empty for no filter."""

    widget = forms.TextInput
    default_error_messages = {"invalid": _("Enter true or false.")}
    WORDS = {"true": True, "false": False}

    def to_python(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            return value
        try:
            return self.WORDS[str(value).strip().lower()]
        except KeyError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None

    def validate(self, value):
        # None is "no filter"; required-ness is the filter set's business, not this field's.
        pass


class TrueFalseFilter(django_filters.BooleanFilter):
    field_class = TrueFalseField
