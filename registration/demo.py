"""Demo registration records: residents of Astana as the registration systems would export them.

Valid IINs, Kazakh and Russian (and some Uzbek, Kyrgyz, Chinese, Turkish) names, the city's
districts, arrivals from the regions and from abroad, temporary registrations of foreign workers
and students, deregistrations with departures, and an age structure with many children (the
monitoring forecasts schools, kindergartens and clinics from it). Registration dates spread over
the last three years.

The rows go through the import's own checker and writer (``registration.importing``), so demo
data obeys every rule, and a million records load in minutes with COPY.
"""

import datetime
import io
import time

from django.db import connection, transaction
from django.utils import timezone

from kernel.iin import make_iin
from registration.columns import COLUMNS
from registration.demo_data import (
    AGE_BANDS,
    CITIZEN_ETHNICITIES,
    EMIGRATION,
    FOREIGN,
    KAZAKH_FEMALE,
    KAZAKH_MALE,
    KAZAKH_SURNAMES,
    ORIGIN_REGIONS,
    RUSSIAN_FEMALE,
    RUSSIAN_MALE,
    RUSSIAN_PATRONYMICS,
    RUSSIAN_SURNAMES,
    STREETS,
)
from registration.importing import Reference, RowChecker, write_records
from registration.models import RegistrationRecord
from registration.validation import add_months

CHUNK = 50_000


CAPITAL_MOVED = datetime.date(1997, 12, 10)  # Astana became the capital
LONG_STANDING_SHARE = 0.8  # of citizens born before the last three years


def _weighted(pairs):
    """A cumulative table for ``rng.choices``: (values, cumulative weights)."""
    values, total, cumulative = [], 0.0, []
    for value, weight in pairs:
        total += weight
        values.append(value)
        cumulative.append(total)
    return values, cumulative


class Residents:
    """Generates rows in the import layout (COLUMNS order), one person (or a move) at a time."""

    def __init__(self, rng, *, districts: list[str], today: datetime.date):
        self.rng, self.today, self.districts = rng, today, districts
        self.iins: set[str] = set()
        self.documents = 0
        self.ethnicities = _weighted(CITIZEN_ETHNICITIES)
        self.ages = _weighted(((low, high), weight) for low, high, weight in AGE_BANDS)
        self.origins = _weighted(ORIGIN_REGIONS)
        self.emigration = _weighted(EMIGRATION)
        self.foreign = _weighted((entry, entry[1]) for entry in FOREIGN)
        self.foreign_names = {entry[0]: (entry[2].split(), entry[3].split(), entry[4].split()) for entry in FOREIGN}

    def _pick(self, table):
        values, cumulative = table
        return self.rng.choices(values, cum_weights=cumulative)[0]

    def _birth_date(self) -> datetime.date:
        low, high = self._pick(self.ages)
        days = self.rng.randint(low * 365, high * 365 + 364)
        return self.today - datetime.timedelta(days=days)

    def _iin(self, birth: datetime.date, female: bool) -> str:
        while True:
            iin = make_iin(birth, female=female, rng=self.rng)
            if iin not in self.iins:
                self.iins.add(iin)
                return iin

    def _registered_on(self, birth: datetime.date, *, long_standing: bool = False) -> datetime.date:
        """Within the last three years, or, for a long-standing resident born before them, at any
        day since the capital moved to Astana: the register is mostly people who have lived here for
        years, so that a year's arrivals are a small part of it, as in the city (the p.8 forecast
        then grows the population by what the flows add, not by a third a year)."""
        recent = self.today - datetime.timedelta(days=3 * 365)
        if long_standing and birth < recent:
            earliest = max(birth, CAPITAL_MOVED)
            return earliest + datetime.timedelta(days=self.rng.randint(0, (recent - earliest).days))
        earliest = max(birth, recent)
        return earliest + datetime.timedelta(days=self.rng.randint(0, (self.today - earliest).days))

    def _address(self) -> list[str]:
        rng = self.rng
        flat = str(rng.randint(1, 320)) if rng.random() < 0.85 else ""
        building = str(rng.randint(1, 160)) + (f"/{rng.randint(1, 4)}" if rng.random() < 0.1 else "")
        return [
            rng.choice(self.districts),
            rng.choice(STREETS),
            building,
            flat,
            f"{rng.randint(10**15, 10**16 - 1)}",
        ]

    def rows(self, count: int):
        """Exactly ``count`` rows. A move within the city adds the earlier, ended registration
        before the new one; when only one row is left, the person is drawn again."""
        made = 0
        while made < count:
            person = list(self._person())
            if made + len(person) > count:
                continue
            yield from person
            made += len(person)

    def _person(self):
        rng = self.rng
        roll = rng.random()
        if roll < 0.90:
            return self._citizen()
        if roll < 0.99:
            return self._foreigner()
        return self._stateless()

    def _row(self, **values) -> list[str]:
        return [values.get(column, "") for column in COLUMNS]

    def _citizen(self):
        rng = self.rng
        female = rng.random() < 0.52
        birth = self._birth_date()
        ethnicity = self._pick(self.ethnicities)
        if ethnicity == "russian" or (ethnicity not in ("kazakh", "uzbek", "uyghur") and rng.random() < 0.6):
            name = rng.choice(RUSSIAN_FEMALE if female else RUSSIAN_MALE)
            surname = rng.choice(RUSSIAN_SURNAMES) + ("а" if female else "")
            father = rng.choice(list(RUSSIAN_PATRONYMICS))
            patronymic = RUSSIAN_PATRONYMICS[father][1 if female else 0]
        else:
            name = rng.choice(KAZAKH_FEMALE if female else KAZAKH_MALE)
            surname = rng.choice(KAZAKH_SURNAMES) + ("а" if female else "")
            father = rng.choice(KAZAKH_MALE)
            patronymic = "" if rng.random() < 0.1 else father + ("қызы" if female else "ұлы")
        registered = self._registered_on(birth, long_standing=rng.random() < LONG_STANDING_SHARE)
        age = (registered - birth).days // 365
        person = {
            "iin": self._iin(birth, female),
            "surname": surname,
            "name": name,
            "patronymic": patronymic,
            "birth_date": birth.isoformat() if rng.random() < 0.8 else birth.strftime("%d.%m.%Y"),
            "sex": "F" if female else "M",
            "citizenship": "KAZ",
            "category": "citizen",
            "ethnicity": ethnicity,
        }
        born_here = (registered - birth).days < 60
        arrived = "" if born_here or rng.random() < 0.25 else self._pick(self.origins)
        if 17 <= age <= 24 and arrived and rng.random() < 0.3:
            # A student from a region, registered for the academic year.
            valid = add_months(registered, rng.choice((9, 10, 12)))
            yield self._temporary(person, registered, valid, arrived, "study", departed_to=arrived)
            return
        purpose = "family" if age < 18 or born_here else rng.choice(("work", "work", "family", "other", "study"))
        if rng.random() < 0.05 and (registered - birth).days > 400:
            # Moved within the city: the earlier registration ended the day the new one began.
            earlier = registered - datetime.timedelta(days=rng.randint(200, 900))
            if earlier > birth:
                yield self._row(
                    **person,
                    kind="permanent",
                    registered_on=earlier.isoformat(),
                    purpose=purpose,
                    arrived_from=arrived,
                    deregistered_on=registered.isoformat(),
                    **dict(
                        zip(("district", "street", "building", "flat", "address_code"), self._address(), strict=True)
                    ),
                )
                arrived = ""
        row = self._row(
            **person,
            kind="permanent",
            registered_on=registered.isoformat() if rng.random() < 0.8 else registered.strftime("%d.%m.%Y"),
            purpose=purpose,
            arrived_from=arrived,
            **dict(zip(("district", "street", "building", "flat", "address_code"), self._address(), strict=True)),
        )
        if rng.random() < 0.07:
            # Left Astana: mostly to a region, some abroad.
            self._deregister(row, registered, abroad=rng.random() < 0.15)
        yield row

    def _foreigner(self):
        rng = self.rng
        entry = self._pick(self.foreign)
        country, _weight, _m, _f, _s, ethnicity, patronymics = entry
        males, females, surnames = self.foreign_names[country]
        female = rng.random() < 0.35
        birth = self.today - datetime.timedelta(days=rng.randint(18 * 365, 60 * 365))
        registered = self._registered_on(birth)
        kandas = ethnicity == "kazakh"
        surname = rng.choice(surnames)
        if surname.endswith(("ов", "ев", "ин")) and female:
            surname += "а"
        patronymic = ""
        if patronymics and kandas:
            patronymic = rng.choice(KAZAKH_MALE) + ("қызы" if female else "ұлы")
        elif patronymics:
            patronymic = RUSSIAN_PATRONYMICS[rng.choice(list(RUSSIAN_PATRONYMICS))][1 if female else 0]
        person = {
            "surname": surname,
            "name": rng.choice(females if female else males),
            "patronymic": patronymic,
            "birth_date": birth.isoformat(),
            "sex": "F" if female else "M",
            "citizenship": country,
            "category": "foreigner",
            "ethnicity": ethnicity,
        }
        if kandas or rng.random() < 0.2:
            # Living here with a residence permit (kandases first): an IIN and a permanent registration.
            person |= {"iin": self._iin(birth, female), "document_type": "residence_permit"}
            person["document_number"] = self._document("")
            yield self._row(
                **person,
                kind="permanent",
                registered_on=registered.isoformat(),
                purpose="family" if kandas else rng.choice(("work", "family")),
                arrived_from=country,
                **dict(zip(("district", "street", "building", "flat", "address_code"), self._address(), strict=True)),
            )
            return
        # A foreign worker (or student) on a temporary registration, often without an IIN.
        if rng.random() < 0.5:
            person["iin"] = self._iin(birth, female)
        person |= {"document_type": "foreign_passport", "document_number": self._document(country[:1])}
        valid = add_months(registered, rng.randint(1, 12))
        purpose = "work" if rng.random() < 0.85 else "study"
        yield self._temporary(person, registered, valid, country, purpose, departed_to=country)

    def _stateless(self):
        rng = self.rng
        female = rng.random() < 0.5
        birth = self.today - datetime.timedelta(days=rng.randint(5 * 365, 70 * 365))
        registered = self._registered_on(birth)
        person = {
            "surname": rng.choice(KAZAKH_SURNAMES) + ("а" if female else ""),
            "name": rng.choice(KAZAKH_FEMALE if female else KAZAKH_MALE),
            "birth_date": birth.isoformat(),
            "sex": "F" if female else "M",
            "citizenship": "" if rng.random() < 0.5 else "XXA",
            "category": "stateless",
            "ethnicity": "kazakh",
            "document_type": "stateless_certificate",
            "document_number": self._document(""),
        }
        if rng.random() < 0.5:
            person["iin"] = self._iin(birth, female)
        yield self._row(
            **person,
            kind="permanent",
            registered_on=registered.isoformat(),
            purpose="family",
            arrived_from=rng.choice(("UZB", "RUS", "CHN", "")),
            **dict(zip(("district", "street", "building", "flat", "address_code"), self._address(), strict=True)),
        )

    def _document(self, prefix: str) -> str:
        self.documents += 1
        return f"{prefix or 'N'}{self.documents:08d}"

    def _temporary(self, person, registered, valid, arrived, purpose, *, departed_to):
        row = self._row(
            **person,
            kind="temporary",
            valid_until=valid.isoformat(),
            registered_on=registered.isoformat(),
            purpose=purpose,
            arrived_from=arrived,
            **dict(zip(("district", "street", "building", "flat", "address_code"), self._address(), strict=True)),
        )
        if valid < self.today:
            # The stay is over: the registration ended on its last day.
            row[COLUMNS.index("deregistered_on")] = valid.isoformat()
            row[COLUMNS.index("departed_to")] = departed_to if self.rng.random() < 0.7 else ""
        return row

    def _deregister(self, row, registered, *, abroad: bool):
        """A departure within the last three years (a long-standing resident leaves now, not then)."""
        rng = self.rng
        since = max(registered, self.today - datetime.timedelta(days=3 * 365))
        days = (self.today - since).days
        if days < 1:
            return
        row[COLUMNS.index("deregistered_on")] = (since + datetime.timedelta(days=rng.randint(1, days))).isoformat()
        row[COLUMNS.index("departed_to")] = self._pick(self.emigration) if abroad else self._pick(self.origins)


def generate(rng, count: int, *, today: datetime.date | None = None, districts: list[str] | None = None):
    """``count`` rows of demo residents in the import layout (lists of strings)."""
    if districts is None:
        districts = sorted(Reference.load().districts)
    return Residents(rng, districts=districts, today=today or timezone.localdate()).rows(count)


def residents_beside_the_register(rng, reference: Reference | None = None) -> Residents:
    """A generator of residents who are not in the register yet: their IINs and document numbers
    differ from every record's (for topping up a database, or a benchmark's file)."""
    reference = reference or Reference.load()
    residents = Residents(rng, districts=sorted(reference.districts), today=timezone.localdate())
    existing = RegistrationRecord.objects.count()
    if existing:
        taken = RegistrationRecord.objects.exclude(iin="").values_list("iin", flat=True)
        residents.iins.update(taken.iterator(chunk_size=50_000))
        # Document numbers count up from the number of records: above any number issued before.
        residents.documents = existing + RegistrationRecord.objects.exclude(document_number="").count()
    return residents


def add_residents(*, rng, count: int, stdout=None) -> int:
    """Add ``count`` demo registration records (a move counts its earlier record), in chunks, with COPY."""
    started = time.monotonic()
    reference = Reference.load()
    residents = residents_beside_the_register(rng, reference)
    checker = RowChecker(reference=reference, today=residents.today)
    rows = residents.rows(count)
    added = 0
    row_no = 1
    while added < count:
        chunk = []
        for cells in rows:
            row_no += 1
            chunk.append((row_no, cells))
            if len(chunk) >= min(CHUNK, count - added):
                break
        if not chunk:
            break
        checker.out = io.StringIO()
        checker.check(iter(chunk))
        if checker.error_count:
            problem = checker.problems[0]
            raise RuntimeError(f"demo data broke a rule: {problem.column} {problem.code}")
        with transaction.atomic():
            written, _present = write_records(checker.out)
        added += written
        if stdout is not None and count > CHUNK:
            stdout.write(f"  registration records: {added} of {count}")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {RegistrationRecord._meta.db_table}")
    if stdout is not None:
        stdout.write(f"Registration records: {added} in {time.monotonic() - started:.0f} s.")
    return added


def load(*, rng, options, stdout) -> None:
    count = options.get("registrations", 20000) or 0
    if count <= 0:
        return
    if RegistrationRecord.objects.exists():
        stdout.write("Registration records exist already: demo registrations skipped.")
        return
    add_residents(rng=rng, count=count, stdout=stdout)
