"""Reference data of the p.8 forecast: which ages each facility serves and how many places it needs
per person served, with where each norm comes from. The one place the age bands are kept.

None of the three norms below is a figure the portal could quote from a Kazakh normative act in
force, so each says "assumed" plainly and names what it rests on. Before a construction decision,
the Department confirms them against the urban-planning norms in force (the System of regional
standards for settlements, joint order of the Minister of National Economy and others of
20-25 April 2019 No. 29 et al., and the building code on planning of settlements) and sets the
confirmed figure in ``settings.MONITORING_FORECAST_NORMS`` — it is then shown as set by the
deployment.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext_lazy as _

ALL_AGES = (0, 200)  # clinics serve every resident


@dataclass(frozen=True)
class Norm:
    facility: str
    ages: tuple[int, int]  # served ages, inclusive (age reached in the year)
    value: Decimal  # places per ``per`` persons served
    per: int
    unit: str
    source: str
    assumed: bool = True

    def places(self, served: float) -> float:
        return served * float(self.value) / self.per


FACILITIES = {
    "school": Norm(
        "school",
        (6, 17),
        Decimal("1.00"),
        1,
        _("pupil places per child"),
        _(
            "assumed: every child of school age has a place in a single shift, since secondary education is "
            "compulsory and free (Law of the Republic of Kazakhstan “On Education”, art. 8); not a numeric norm"
        ),
    ),
    "kindergarten": Norm(
        "kindergarten",
        (1, 5),
        Decimal("1.00"),
        1,
        _("places per child"),
        _(
            "assumed: full pre-school coverage, the state target for children of pre-school age; lower it to the "
            "coverage the Department plans"
        ),
    ),
    "clinic": Norm(
        "clinic",
        ALL_AGES,
        Decimal("181.5"),
        10000,
        _("visits per shift per 10,000 residents"),
        _(
            "assumed: the polyclinic norm of the Soviet urban-planning code СНиП 2.07.01-89* (appendix 7); "
            "not confirmed as in force in Kazakhstan"
        ),
    ),
}


def norms() -> dict[str, Norm]:
    """The table, with any value the deployment set in ``settings.MONITORING_FORECAST_NORMS``
    (``{"school": 0.9, …}``: places per ``per`` persons served) in place of the assumed one."""
    overrides = settings.MONITORING_FORECAST_NORMS
    result = {}
    for facility, norm in FACILITIES.items():
        if facility in overrides:
            norm = Norm(
                facility,
                norm.ages,
                Decimal(str(overrides[facility])),
                norm.per,
                norm.unit,
                _("set by the deployment (settings.MONITORING_FORECAST_NORMS)"),
                assumed=False,
            )
        result[facility] = norm
    return result
