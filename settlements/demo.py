"""Demo settlements, recipients and a published settlement list (``load_demo_data``).

Settlements are generated inside the rural districts of the receiving regions that the
reference data holds: a settlement's KATO code is its rural district's first six digits plus a
three-digit number, its name a Kazakh place name and its Russian form. The list is created,
approved and published through the same services as the admin, so its deliveries really go out.
Running it again adds nothing twice.
"""

from django.contrib.auth import get_user_model

from kernel.accounts.services import demo_users_create
from kernel.territory.models import RuralDistrict
from settlements import services
from settlements.models import Recipient, Settlement, SettlementList

ROOTS = [
    ("Ақ", "Ак"),
    ("Қара", "Кара"),
    ("Көк", "Кок"),
    ("Сары", "Сары"),
    ("Жаңа", "Жана"),
    ("Ескі", "Ески"),
    ("Алтын", "Алтын"),
    ("Күміс", "Кумис"),
    ("Бес", "Бес"),
    ("Ұлы", "Улы"),
    ("Кіші", "Киши"),
    ("Шұбар", "Шубар"),
    ("Қызыл", "Кызыл"),
    ("Жасыл", "Жасыл"),
    ("Төрт", "Торт"),
]
ENDINGS = [
    ("су", "су"),
    ("көл", "коль"),
    ("тал", "тал"),
    ("қайың", "кайын"),
    ("бұлақ", "булак"),
    ("тоғай", "тогай"),
    ("өзек", "озек"),
    ("шоқы", "шокы"),
    ("төбе", "тобе"),
    ("жар", "жар"),
    ("арық", "арык"),
    ("дала", "дала"),
    ("құдық", "кудук"),
    ("бел", "бел"),
]
KINDS = [
    (Settlement.Kind.RURAL, 70),
    (Settlement.Kind.AGGLOMERATION, 6),
    (Settlement.Kind.SMALL_TOWN, 8),
    (Settlement.Kind.MONO_TOWN, 5),
    (Settlement.Kind.DISTRICT_TOWN, 8),
    (Settlement.Kind.OBLAST_TOWN, 3),
]
POPULATION = {
    Settlement.Kind.RURAL: (150, 4000),
    Settlement.Kind.AGGLOMERATION: (20000, 120000),
    Settlement.Kind.SMALL_TOWN: (5000, 50000),
    Settlement.Kind.MONO_TOWN: (8000, 60000),
    Settlement.Kind.DISTRICT_TOWN: (10000, 80000),
    Settlement.Kind.OBLAST_TOWN: (50000, 250000),
}
SUFFIX_RU = {
    Settlement.Kind.RURAL: "село",
    Settlement.Kind.AGGLOMERATION: "посёлок",
    Settlement.Kind.SMALL_TOWN: "город",
    Settlement.Kind.MONO_TOWN: "город",
    Settlement.Kind.DISTRICT_TOWN: "город",
    Settlement.Kind.OBLAST_TOWN: "город",
}
SUFFIX_KK = {
    Settlement.Kind.RURAL: "ауылы",
    Settlement.Kind.AGGLOMERATION: "кенті",
    Settlement.Kind.SMALL_TOWN: "қаласы",
    Settlement.Kind.MONO_TOWN: "қаласы",
    Settlement.Kind.DISTRICT_TOWN: "қаласы",
    Settlement.Kind.OBLAST_TOWN: "қаласы",
}

RECIPIENTS = [
    {
        "code": "demo-mc",
        "kind": Recipient.Kind.MOBILITY_CENTRE,
        "name": "Ақмола облысының еңбек ұтқырлығы орталығы",
        "language": Recipient.Language.KAZAKH,
        "email": "demo-mc@mobility.example.kz",
        "phone": "+7 7162 25-10-10",
        "region": "110000000",
    },
    {
        "code": "pavlodar-mc",
        "kind": Recipient.Kind.MOBILITY_CENTRE,
        "name": "Центр трудовой мобильности Павлодарской области",
        "language": Recipient.Language.RUSSIAN,
        "email": "pavlodar-mc@mobility.example.kz",
        "phone": "+7 7182 32-40-40",
        "region": "550000000",
    },
    {
        "code": "akimat-bereke",
        "kind": Recipient.Kind.RURAL_AKIMAT,
        "name": "Береке ауылдық округінің әкімдігі",
        "language": Recipient.Language.KAZAKH,
        "email": "bereke@akimat.example.kz",
        "phone": "+7 7162 41-12-12",
        "region": "110000000",
    },
    {
        "code": "akimat-zhanaauyl",
        "kind": Recipient.Kind.RURAL_AKIMAT,
        "name": "Аппарат акима Жанаауыльского сельского округа",
        "language": Recipient.Language.RUSSIAN,
        "email": "zhanaauyl@akimat.example.kz",
        "phone": "+7 7182 51-13-13",
        "region": "550000000",
    },
    {
        "code": "astana-career",
        "kind": Recipient.Kind.CAREER_CENTRE,
        "name": "Астана қаласының мансап орталығы",
        "language": Recipient.Language.KAZAKH,
        "email": "career@astana.example.kz",
        "phone": "+7 7172 55-00-00",
        "region": "710000000",
    },
]


def load_recipients() -> dict[str, Recipient]:
    from kernel.territory.models import Region

    regions = {r.kato: r for r in Region.objects.all()}
    result = {}
    for spec in RECIPIENTS:
        recipient = Recipient.objects.filter(code=spec["code"]).first()
        if recipient is None:
            recipient = Recipient(**{**spec, "region": regions.get(spec["region"])})
            services.recipient_save(recipient=recipient, by=None)
        result[spec["code"]] = recipient
    return result


def _name(rng) -> tuple[str, str]:
    root_kk, root_ru = rng.choice(ROOTS)
    end_kk, end_ru = rng.choice(ENDINGS)
    return root_kk + end_kk, root_ru + end_ru


def load_settlements(rng, count: int, centres: list[Recipient]) -> int:
    """Create settlements until ``count`` exist; returns how many were added."""
    existing = set(Settlement.objects.values_list("kato", flat=True))
    missing = count - len(existing)
    if missing <= 0:
        return 0
    rurals = list(
        RuralDistrict.objects.filter(district__region__receives_migrants=True)
        .select_related("district__region")
        .order_by("kato")
    )
    if not rurals:
        return 0
    kinds, weights = zip(*KINDS, strict=True)
    batch = []
    number = 0
    while len(batch) < missing:
        number += 1
        if number > 999 * len(rurals):
            break  # every code in the reference's rural districts is taken
        rural = rurals[(number - 1) % len(rurals)]
        kato = f"{rural.kato[:6]}{(number - 1) // len(rurals) + 1:03d}"
        if kato in existing:
            continue
        kind = rng.choices(kinds, weights)[0]
        name_kk, name_ru = _name(rng)
        low, high = POPULATION[kind]
        population = rng.randint(low, high)
        centre = next((c for c in centres if c.region_id == rural.district.region_id), None)
        batch.append(
            Settlement(
                kato=kato,
                name_kk=f"{name_kk} {SUFFIX_KK[kind]}",
                name_ru=f"{SUFFIX_RU[kind]} {name_ru}",
                region=rural.district.region,
                district=rural.district,
                rural_district=rural,
                kind=kind,
                development_potential=rng.choices(["high", "medium", "low"], [3, 5, 2])[0],
                population=population,
                vacancies=rng.choice([0, 0, rng.randint(1, max(2, population // 100))]),
                housing_available=rng.choice([0, rng.randint(1, 40)]),
                adaptation_programme=rng.random() < 0.4,
                mobility_centre=centre,
                is_active=rng.random() < 0.97,
            )
        )
    Settlement.objects.bulk_create(batch, batch_size=2000, ignore_conflicts=True)
    return len(batch)


def _publish(year: int, stdout) -> SettlementList | None:
    if SettlementList.objects.filter(status=SettlementList.Status.PUBLISHED).exists():
        return None
    demo_users_create()  # idempotent; the department head publishes
    head = get_user_model().objects.get(username="head")
    draft = SettlementList.objects.filter(status=SettlementList.Status.DRAFT).order_by("-version").first()
    if draft is None:
        draft = services.settlement_list_create(year=year, by=head, note="Demo")
    else:
        draft = services.settlement_list_refresh(settlement_list=draft, by=head)
    approved = services.settlement_list_approve(settlement_list=draft, by=head)
    return services.settlement_list_publish(settlement_list=approved, by=head)


def load(*, rng, options, stdout) -> None:
    recipients = load_recipients()
    centres = [r for r in recipients.values() if r.kind == Recipient.Kind.MOBILITY_CENTRE]
    added = load_settlements(rng, options.get("settlements") or 300, centres)
    published = _publish(2026, stdout)
    stdout.write(f"Settlements: {added} added, {Settlement.objects.count()} in all; recipients: {len(recipients)}.")
    if published is not None:
        stdout.write(
            f"Settlement list v{published.version} ({published.year}) published: {published.items_count} settlements, "
            f"{published.deliveries.count()} deliveries."
        )
