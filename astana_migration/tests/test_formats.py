"""Dates and numbers in Kazakh: Django 5.2 has no Kazakh formats, so the portal brings its own
(``kernel/formats/kk``) instead of the English defaults ("Қар. 25, 2026", "4.0")."""

import datetime

from django import forms
from django.utils import formats, translation


def test_kazakh_dates_and_numbers_are_written_as_in_kazakhstan():
    with translation.override("kk"):
        assert formats.date_format(datetime.date(2026, 11, 25)) == "25.11.2026"
        moment = datetime.datetime(2026, 11, 25, 21, 9)
        assert formats.date_format(moment, "DATETIME_FORMAT") == "25.11.2026 21:09"
        assert formats.number_format(4.0, 1) == "4,0"
        assert formats.get_format("FIRST_DAY_OF_WEEK") == 1


def test_a_kazakh_user_types_dates_day_first_and_iso_still_works():
    with translation.override("kk"):
        field = forms.DateField()
        assert field.clean("02.03.2026") == datetime.date(2026, 3, 2)
        assert field.clean("2026-03-02") == datetime.date(2026, 3, 2)


def test_russian_keeps_djangos_own_formats():
    with translation.override("ru"):
        assert formats.date_format(datetime.date(2026, 11, 25)) == "25 ноября 2026 г."
