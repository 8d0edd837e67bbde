"""Cohort-component projection of a population by single year of age (rules p.8). Pure Python.

Method
------
The population is held by **single year of age, 0 … ``MAX_AGE``**, the last age open (``MAX_AGE``
and over). An age is the age reached in the calendar year: ``year − birth year``, so on 31 December
it is every person's exact age.

Each projected year, in this order:

1. **Deaths**: each age loses ``death_rate`` of its people (one crude rate for every age, or a rate
   per age when one is known). With no rate, nobody dies — for children and working ages over five
   years an error of a few per thousand.
2. **Ageing**: everyone moves up one year of age; the open age keeps its people and gains the age
   below it.
3. **Net migration**: the yearly net migration of each age (arrivals minus departures, counted at
   the age reached in the year they moved) is added. An age cannot go below zero: more departures
   than people empty it.
4. **Births**: the yearly births are added at age 0.

The yearly migration, births and deaths are constants — the mean of the recent years the caller
measured — so with no births or deaths the cohorts only age, and a constant net inflow of ``k``
persons of one age raises that age's band by ``k`` a year (a linear rise, never compounding).

When the base date falls inside the base year, ``base_share_left`` (the share of the base year
still to come) of one year's deaths, net migration and births is added first, without ageing: ages
are already those reached in the base year.
"""

from collections.abc import Sequence

MAX_AGE = 100  # the last age group is open: 100 and over
AGES = MAX_AGE + 1


def by_age(counts: dict[int, float]) -> list[float]:
    """A ``{age: persons}`` mapping as a list indexed by age; ages over ``MAX_AGE`` join the open
    age, negative ages (born after the base year) are dropped."""
    population = [0.0] * AGES
    for age, n in counts.items():
        if age >= 0:
            population[min(age, MAX_AGE)] += n
    return population


def _rates(death_rate: float | Sequence[float]) -> list[float]:
    if isinstance(death_rate, int | float):
        return [float(death_rate)] * AGES
    rates = [float(r) for r in death_rate]
    if len(rates) != AGES:
        raise ValueError(f"death rates are needed for ages 0 … {MAX_AGE} ({AGES} values), got {len(rates)}")
    return rates


def _migrate(population: list[float], net_migration: Sequence[float], share: float) -> None:
    for age in range(AGES):
        population[age] = max(0.0, population[age] + share * net_migration[age])


def project(
    base: Sequence[float],
    *,
    net_migration: Sequence[float] | None = None,
    births: float = 0.0,
    death_rate: float | Sequence[float] = 0.0,
    years: int = 5,
    base_share_left: float = 0.0,
) -> list[list[float]]:
    """The population by age at the end of each of the ``years`` years after the base year.

    ``base``: persons by age (``AGES`` values) on the base date. ``net_migration``: persons a year by
    age (``AGES`` values; none: no migration). ``births``: persons a year. ``death_rate``: a share a
    year, one for every age or ``AGES`` of them. Returns ``years`` lists of ``AGES`` floats.
    """
    if len(base) != AGES:
        raise ValueError(f"the base population is needed for ages 0 … {MAX_AGE} ({AGES} values), got {len(base)}")
    migration = [0.0] * AGES if net_migration is None else [float(n) for n in net_migration]
    if len(migration) != AGES:
        raise ValueError(f"net migration is needed for ages 0 … {MAX_AGE} ({AGES} values), got {len(migration)}")
    if not 0.0 <= base_share_left <= 1.0:
        raise ValueError("base_share_left is a share of a year, 0 … 1")
    rates = _rates(death_rate)
    population = [float(n) for n in base]
    if base_share_left:
        population = [n * (1.0 - base_share_left * r) for n, r in zip(population, rates, strict=True)]
        _migrate(population, migration, base_share_left)
        population[0] += base_share_left * births
    result = []
    for _year in range(years):
        survivors = [n * (1.0 - r) for n, r in zip(population, rates, strict=True)]
        aged = [0.0, *survivors[:MAX_AGE]]
        aged[MAX_AGE] += survivors[MAX_AGE]
        _migrate(aged, migration, 1.0)
        aged[0] += births
        population = aged
        result.append(list(population))
    return result


def in_band(population: Sequence[float], ages: tuple[int, int]) -> float:
    """Persons aged ``ages[0]`` … ``ages[1]`` inclusive."""
    low, high = ages
    return sum(population[low : high + 1])
