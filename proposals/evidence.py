"""The evidence a proposal carries: monitoring figures and quota use, frozen at submission.

The snapshot is plain JSON (numbers, codes, names in both languages), so the letter and the API
show what the Department knew when it submitted, whatever changes afterwards.
"""

from decimal import Decimal

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kernel.numbers import count_text, decimal_text
from proposals.models import Kind, Proposal


def _quota_figures(quota) -> dict:
    from quotas.fill import quotas_fill

    today = timezone.localdate()
    (fill,) = quotas_fill([quota], today=today)
    return {
        "id": quota.pk,
        "kind": quota.kind,
        "territory": quota.territory_kato,
        "period_start": quota.period_start,
        "period_end": quota.period_end,
        "limit_persons": quota.limit_persons,
        "limit_families": quota.limit_families,
        "used_persons": quota.used_persons,
        "used_families": quota.used_families,
        "utilisation_percent": quota.utilisation,
        # How it fills, as of the day the proposal was submitted (quotas/fill.py states the method).
        "fill": {
            "on": today.isoformat(),
            "status": fill.status,
            "expected_persons_by_now": fill.expected_persons_by_now,
            "projected_persons_at_period_end": fill.projected_persons_at_period_end,
            "projected_low": fill.projected_low,
            "projected_high": fill.projected_high,
        },
    }


def _monitoring_figures(proposal: Proposal) -> dict:
    """The latest year's indicator values and outflow alerts: of the district for a territory
    proposal, of the whole city for a quota proposal."""
    from monitoring.selectors import evidence_snapshot, years_with_values

    years = years_with_values()
    year = years[0] if years else timezone.localdate().year
    district = proposal.district if proposal.kind == Kind.TERRITORY else None
    return evidence_snapshot(period=str(year), district=district)


def proposal_evidence(proposal: Proposal) -> dict:
    evidence = {"collected_at": timezone.now().isoformat()}
    if proposal.quota_id:
        evidence["quota"] = _quota_figures(proposal.quota)
    evidence["monitoring"] = _monitoring_figures(proposal)
    return evidence


def _figure(value, unit: str | None = None) -> str:
    """A number written the active language's way (thousands grouped, decimal comma in Kazakh and
    Russian), whole for counts of persons, with its unit's translated name."""
    from monitoring.models import Indicator

    if value is None or value == "":
        return "—"
    number = Decimal(str(value))
    whole = unit in (None, Indicator.Unit.PERSONS, Indicator.Unit.UNITS) or number == number.to_integral_value()
    text = count_text(number) if whole else decimal_text(number, 1)
    if unit == Indicator.Unit.PERCENT:
        return f"{text}\u00a0%"
    if unit == Indicator.Unit.PERSONS:
        return f"{text} {pgettext('unit after a number', 'persons')}"  # "100 адам", not "адамдар"
    if unit in Indicator.Unit.values and unit not in (Indicator.Unit.UNITS, Indicator.Unit.INDEX):
        return f"{text} {Indicator.Unit(unit).label}"
    return text


def evidence_rows(evidence: dict) -> list[list[str]]:
    """The frozen evidence as (figure, value) rows in the active language, a header row first."""
    rows = [[_("Figure"), _("Value")]]
    quota = evidence.get("quota")
    if quota:
        persons = "persons"
        rows += [
            [_("Quota limit, persons"), _figure(quota["limit_persons"], persons)],
            [_("Persons admitted"), _figure(quota["used_persons"], persons)],
            [_("Families admitted"), _figure(quota["used_families"])],
            [_("Quota use, %"), _figure(quota["utilisation_percent"], "percent")],
        ]
        fill = quota.get("fill")
        if fill:
            rows += [
                [_("Expected by the plan (even over the period)"), _figure(fill["expected_persons_by_now"], persons)],
                [
                    _("Projected at the period's end at the pace of the last 90 days"),
                    _("%(projected)s (%(low)s–%(high)s)")
                    % {
                        "projected": _figure(fill["projected_persons_at_period_end"], persons),
                        "low": _figure(fill["projected_low"]),
                        "high": _figure(fill["projected_high"]),
                    },
                ],
            ]
    monitoring = evidence.get("monitoring", {})
    for item in monitoring.get("values", []):
        name = item.get(f"name_{translation.get_language()}") or item.get("name_kk") or item["indicator"]
        rows.append([f"{name}, {monitoring['period']}", _figure(item["value"], item.get("unit"))])
    alerts = monitoring.get("alerts", [])
    if alerts:
        rows.append([_("Outflow alerts (rules p.6)"), _figure(len(alerts))])
    return rows
