"""Kazakh formats: dates as 25.11.2026 (as Kazakh official documents and forms write them),
24-hour time, a decimal comma and a no-break space between thousands; weeks start on Monday."""

DATE_FORMAT = "d.m.Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "d.m.Y H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

# The first is what the admin's calendar writes; ISO (2026-11-25) is always accepted as well.
DATE_INPUT_FORMATS = [
    "%d.%m.%Y",  # '25.11.2026'
    "%d.%m.%y",  # '25.11.26'
]
DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H:%M:%S",  # '25.11.2026 14:30:59'
    "%d.%m.%Y %H:%M:%S.%f",  # '25.11.2026 14:30:59.000200'
    "%d.%m.%Y %H:%M",  # '25.11.2026 14:30'
    "%d.%m.%y %H:%M:%S",  # '25.11.26 14:30:59'
    "%d.%m.%y %H:%M",  # '25.11.26 14:30'
]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"  # no-break space
NUMBER_GROUPING = 3
