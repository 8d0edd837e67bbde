"""One colour per meaning, wherever a chart is drawn: the admin's SVG charts and the PDF reports
take their colours from here, so arrivals are the same blue on the dashboard and in a report.

Colours are chosen to stay apart for the common forms of colour blindness (blue against orange and
red against green are never the only difference: a legend names every colour).
"""

ARRIVALS = "arrivals"
OUTFLOW = "outflow"
NATURAL_INCREASE = "natural_increase"
NET_MIGRATION = "net_migration"
EXCESS = "excess"  # outflow above natural increase: an alert's size
CITY = "city"  # the whole city beside its districts
OTHER = "other"

COLOURS = {
    ARRIVALS: "#1565c0",
    OUTFLOW: "#c62828",
    NATURAL_INCREASE: "#2e7d32",
    NET_MIGRATION: "#6a1b9a",
    EXCESS: "#ef6c00",
    CITY: "#212121",
    OTHER: "#607d8b",
}

# Territories drawn side by side (the districts of a report's chart), none of them a meaning's colour.
TERRITORIES = ("#00838f", "#8d6e63", "#3949ab", "#f9a825", "#ad1457", "#558b2f", "#5d4037", "#0097a7", "#7e57c2")


def colour(meaning: str) -> str:
    return COLOURS.get(meaning, COLOURS[OTHER])


def territory_colour(index: int) -> str:
    return TERRITORIES[index % len(TERRITORIES)]
