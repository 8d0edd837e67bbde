"""Admin forms: they validate what staff type; the services do the writing."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kernel.territory.selectors import astana_districts
from monitoring import catalogue
from monitoring.errors import PeriodError
from monitoring.models import CITY, FacilityCapacity, Indicator, IndicatorValue, NaturalIncrease, Report
from monitoring.periods import Period, year_periods
from monitoring.services import MonitoringError, indicator_value_check


class PeriodField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 7)
        kwargs.setdefault("help_text", _("2026, 2026-Q1 or 2026-03."))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        try:
            return str(Period.parse(value))
        except PeriodError as exc:
            raise forms.ValidationError(str(exc)) from exc


def _district_field(**kwargs):
    return forms.ModelChoiceField(
        queryset=astana_districts(),
        required=False,
        label=_("district"),
        empty_label=_("Astana (whole city)"),
        **kwargs,
    )


class EnteredValueForm(forms.ModelForm):
    """A value of an indicator entered from statistics (natural increase has its own form)."""

    period = PeriodField(label=_("period"))
    district = _district_field()

    class Meta:
        model = IndicatorValue
        fields = ["indicator", "period", "district", "value", "source_document"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "indicator" not in self.fields:
            return  # a computed value, shown read-only
        self.fields["indicator"].queryset = Indicator.objects.filter(source=Indicator.Source.ENTERED).exclude(
            code=catalogue.NATURAL_INCREASE
        )
        self.fields["source_document"].required = True
        if self.instance.pk:
            for name in ("indicator", "period", "district"):
                self.fields[name].disabled = True

    def clean(self):
        data = super().clean()
        if data.get("indicator") and data.get("period"):
            try:
                indicator_value_check(indicator=data["indicator"], period=data["period"])
            except MonitoringError as exc:
                raise forms.ValidationError(str(exc)) from exc
        return data


class NaturalIncreaseForm(forms.ModelForm):
    period = PeriodField(label=_("period"))
    district = _district_field()
    births = forms.IntegerField(label=_("births"), min_value=0)
    deaths = forms.IntegerField(label=_("deaths"), min_value=0)

    class Meta:
        model = NaturalIncrease
        fields = ["period", "district", "births", "deaths", "source_document"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "source_document" not in self.fields:
            return  # a reader without the right to change it (an analyst): shown read-only
        self.fields["source_document"].required = True
        if self.instance.pk:
            self.initial.update(births=self.instance.births, deaths=self.instance.deaths)
            for name in ("period", "district"):
                self.fields[name].disabled = True


def _year_choices():
    this_year = timezone.localdate().year
    return [(y, y) for y in range(this_year, this_year - 10, -1)]


class ReportRequestForm(forms.ModelForm):
    """An analyst's order: a year and which of its periods, territories, indicators and a format."""

    GRANULARITY = [("year", _("the year")), ("quarter", _("its quarters")), ("month", _("its months"))]

    year = forms.TypedChoiceField(label=_("year"), coerce=int, choices=_year_choices)
    granularity = forms.MultipleChoiceField(
        label=_("periods"), choices=GRANULARITY, initial=["year", "quarter"], widget=forms.CheckboxSelectMultiple
    )
    periods = forms.CharField(
        label=_("or exactly these periods"),
        required=False,
        help_text=_("Comma-separated, e.g. 2025, 2026-Q1, 2026-03. Replaces the year's periods above."),
    )
    districts = forms.MultipleChoiceField(label=_("territories"), widget=forms.CheckboxSelectMultiple)
    indicators = forms.ModelMultipleChoiceField(
        label=_("indicators"), queryset=Indicator.objects.order_by("position"), widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Report
        fields = ["format"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(d.kato, d.name) for d in astana_districts()] + [(CITY, _("Astana (whole city)"))]
        self.fields["districts"].choices = choices
        self.fields["districts"].initial = [k for k, _n in choices]
        self.fields["indicators"].initial = list(Indicator.objects.values_list("pk", flat=True))

    def clean(self):
        data = super().clean()
        if data.get("periods"):
            try:
                data["period_list"] = [str(Period.parse(p)) for p in data["periods"].split(",") if p.strip()]
            except PeriodError as exc:
                self.add_error("periods", str(exc))
        elif data.get("year") and data.get("granularity"):
            data["period_list"] = [str(p) for p in year_periods(data["year"]) if p.kind in data["granularity"]]
        else:
            self.add_error("granularity", _("Choose the periods of the report."))
        return data


class FacilityCapacityForm(forms.ModelForm):
    """The existing capacity of a territory's schools, kindergartens or clinics."""

    district = _district_field()

    class Meta:
        model = FacilityCapacity
        fields = ["district", "facility", "capacity", "as_of", "source_document"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in ("district", "facility"):
                if name in self.fields:  # absent when the page is read-only
                    self.fields[name].disabled = True
