"""Demo quotas for the receiving regions, at real scale, and families admitted against them.

The 2026 order gave 2,281 kandas and 5,997 resettler places nationwide, Pavlodar 977 kandas and
North Kazakhstan 2,820 resettlers; those figures are real, the split of the rest among the other
receiving regions is made up to add up to the national totals. Astana's own labour quotas are
synthetic. Everything goes through the services, as in the admin; running it twice adds nothing.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from kernel.iin import make_iin
from kernel.territory.models import ASTANA_KATO, Region
from kernel.territory.selectors import receiving_regions
from quotas.errors import QuotaConflict
from quotas.models import Admission, Quota
from quotas.services import admission_create, quota_create
from settlements.models import Settlement

YEAR = 2026
ORDER = "Order of the Minister of Labour and Social Protection on the 2026 regional quotas (demo)"

# Persons per receiving region (KATO). Sums: kandas 2,281, resettlers 5,997.
KANDAS = {
    "100000000": 150,
    "110000000": 180,
    "230000000": 60,
    "270000000": 90,
    "350000000": 190,
    "390000000": 200,
    "550000000": 977,
    "590000000": 214,
    "620000000": 70,
    "630000000": 150,
}
RESETTLERS = {
    "100000000": 280,
    "110000000": 520,
    "230000000": 110,
    "270000000": 230,
    "350000000": 480,
    "390000000": 610,
    "550000000": 590,
    "590000000": 2820,
    "620000000": 127,
    "630000000": 230,
}
# Astana's labour quotas (synthetic): foreign labour with its share for ethnic Kazakhs and former
# compatriots, and labour immigrants.
ASTANA_FOREIGN_LABOUR = (9500, 1900)
ASTANA_LABOUR_IMMIGRANTS = 3000

MALE_NAMES = ["Ерлан", "Нұрлан", "Асқар", "Бауыржан", "Дәурен", "Ержан", "Қайрат", "Марат", "Серік", "Талғат",
              "Айдос", "Әлихан", "Ерасыл", "Арман", "Дархан", "Бекзат", "Жандос", "Мұрат"]  # fmt: skip
FEMALE_NAMES = ["Айгүл", "Гүлнар", "Динара", "Жанар", "Әсел", "Салтанат", "Айжан", "Мөлдір", "Назерке",
                "Аружан", "Гүлжан", "Сәуле", "Ақмарал", "Інжу", "Балжан", "Жұлдыз"]  # fmt: skip
SURNAME_ROOTS = ["Ахмет", "Сейіт", "Тоқтар", "Бекен", "Омар", "Қасым", "Смағұл", "Әбен", "Мұқан", "Оспан",
                 "Байжан", "Кенжеб", "Сәрсенб", "Жұмаб", "Нұрмағамбет", "Төлеу"]  # fmt: skip
# Family sizes in persons and how often each occurs.
FAMILY_SIZES = [1, 2, 3, 4, 5, 6]
FAMILY_WEIGHTS = [15, 15, 20, 25, 15, 10]


def _surname(root: str, female: bool) -> str:
    ending = "аев" if root.endswith("б") else "ов"
    return f"{root}{ending}{'а' if female else ''}"


def _born(rng, youngest: int, oldest: int, today: datetime.date) -> datetime.date:
    return today - datetime.timedelta(days=rng.randint(youngest * 365, oldest * 365))


def _family(rng, today) -> tuple[dict, list[dict]]:
    """A head of family and members: spouse, children, perhaps a parent; Kazakh names, valid IINs."""
    size = rng.choices(FAMILY_SIZES, FAMILY_WEIGHTS)[0]
    father = rng.choice(MALE_NAMES)
    # Many kandases write their surname the Kazakh way, after their father: Ерланұлы / Ерланқызы.
    root = rng.choice(SURNAME_ROOTS) if rng.random() < 0.7 else None
    head_name = rng.choice(MALE_NAMES)

    def person(female, born, *, of=None, name=None):
        parent = of or father
        surname = _surname(root, female) if root else f"{parent}{'қызы' if female else 'ұлы'}"
        return {
            "iin": make_iin(born, female=female, rng=rng),
            "surname": surname,
            "name": name or rng.choice(FEMALE_NAMES if female else MALE_NAMES),
            "patronymic": f"{parent}{'қызы' if female else 'ұлы'}" if root else "",
            "birth_date": born,
        }

    head = person(False, _born(rng, 24, 60, today), name=head_name)
    members = []
    if size >= 2:
        members.append({**person(True, _born(rng, 22, 58, today)), "relation": "spouse"})
    for _ in range(max(size - 2, 0)):
        if rng.random() < 0.1:
            members.append({**person(True, _born(rng, 60, 85, today), of=rng.choice(MALE_NAMES)), "relation": "parent"})
        else:
            female = rng.random() < 0.5
            members.append({**person(female, _born(rng, 0, 22, today), of=head_name), "relation": "child"})
    iins = {head["iin"]}
    unique = []
    for member in members:
        if member["iin"] not in iins:
            iins.add(member["iin"])
            unique.append(member)
    return head, unique


def _quota(*, kind, region, limit_persons, limit_families=None, limit_compatriots=None) -> tuple[Quota, bool]:
    existing = Quota.objects.filter(
        kind=kind, region=region, district__isnull=True, period_start=YEAR, period_end=YEAR
    ).first()
    if existing:
        return existing, False
    quota = quota_create(
        kind=kind,
        region=region,
        period_start=YEAR,
        limit_persons=limit_persons,
        limit_families=limit_families,
        limit_compatriots=limit_compatriots,
        document=ORDER,
        by=None,
    )
    return quota, True


def _ensure_settlements(rng, stdout) -> None:
    """When the settlements' demo has not run, a few settlements per receiving region (only then)."""
    if Settlement.objects.exists():
        return
    made = 0
    for region in receiving_regions():
        for number, district in enumerate(region.districts.order_by("kato")[:2], start=1):
            Settlement.objects.get_or_create(
                kato=f"{district.kato[:6]}{900 + number:03d}",
                defaults={
                    "name_kk": f"{district.name_kk.split()[0]} ауылы",
                    "name_ru": f"село {district.name_ru.split()[0]}",
                    "region": region,
                    "district": district,
                    "kind": Settlement.Kind.RURAL,
                    "development_potential": Settlement.Potential.MEDIUM,
                    "population": rng.randint(800, 6000),
                },
            )
            made += 1
    stdout.write(f"Quotas: no settlements yet, made {made} for the admissions.")


def _admit(quota: Quota, *, rng, today) -> tuple[int, int]:
    """Admit families until 20-45 % of the quota is used; returns (families, persons)."""
    if quota.admissions.exists() or today.year < YEAR:
        return 0, 0
    settlements = list(Settlement.objects.filter(region=quota.region, is_active=True).order_by("kato"))
    if not settlements:
        return 0, 0
    first_day = datetime.date(YEAR, 1, 1)
    span = (min(today, datetime.date(YEAR, 12, 31)) - first_day).days
    target = int(quota.limit_persons * rng.uniform(0.2, 0.45))
    families = persons = misses = 0
    while persons < target and misses < 20:
        head, members = _family(rng, today)
        try:
            admission = admission_create(
                quota=quota,
                head=head,
                members=members,
                settlement=rng.choice(settlements),
                admitted_on=first_day + datetime.timedelta(days=rng.randint(0, span)),
                by=None,
            )
        except ValidationError:
            misses += 1  # an IIN drawn twice: draw another family
            continue
        except QuotaConflict:
            break
        families += 1
        persons += admission.persons
    return families, persons


def load(*, rng, options, stdout) -> None:
    today = timezone.localdate()
    created = 0
    quotas = []
    for region in receiving_regions():
        if region.kato in KANDAS:
            persons = KANDAS[region.kato]
            quota, new = _quota(
                kind="kandas", region=region, limit_persons=persons, limit_families=round(persons / 2.4)
            )
            quotas.append(quota)
            created += new
        if region.kato in RESETTLERS:
            quota, new = _quota(kind="resettler", region=region, limit_persons=RESETTLERS[region.kato])
            quotas.append(quota)
            created += new
    astana = Region.objects.filter(kato=ASTANA_KATO).first()
    if astana is not None:
        limit, compatriots = ASTANA_FOREIGN_LABOUR
        created += _quota(kind="foreign_labour", region=astana, limit_persons=limit, limit_compatriots=compatriots)[1]
        created += _quota(kind="labour_immigrant", region=astana, limit_persons=ASTANA_LABOUR_IMMIGRANTS)[1]

    _ensure_settlements(rng, stdout)
    families = persons = 0
    for quota in quotas:
        admitted = _admit(quota, rng=rng, today=today)
        families += admitted[0]
        persons += admitted[1]
    total = Admission.objects.filter(status=Admission.Status.ADMITTED).count()
    stdout.write(
        f"Quotas: {created} created ({Quota.objects.count()} in all); "
        f"admitted now {families} families, {persons} persons ({total} families in all)."
    )
