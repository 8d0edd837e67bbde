"""How full a quota is: the one home of the percentage and of the "near full" threshold.

The quota list's bars, the start page's chart, a proposal's evidence and the daily suggestions all
read it from here: amber from ``NEAR_FULL_PERCENT``, red when full.
"""

NEAR_FULL_PERCENT = 90


def utilisation_percent(used: int, limit: int | None) -> float | None:
    """The share of ``limit`` that ``used`` takes, in percent to one decimal (None for no limit)."""
    if not limit:
        return None
    return round(100 * used / limit, 1)


def utilisation_level(used: int, limit: int | None) -> str:
    """``full``, ``warn`` (near full: from ``NEAR_FULL_PERCENT``) or ``ok``; the bars' CSS classes."""
    percent = utilisation_percent(used, limit) or 0
    if percent >= 100:
        return "full"
    return "warn" if percent >= NEAR_FULL_PERCENT else "ok"


def is_near_full(used: int, limit: int | None) -> bool:
    """Near full or full: what the daily suggestions propose to increase."""
    return utilisation_level(used, limit) != "ok"
