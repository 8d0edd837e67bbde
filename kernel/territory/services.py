"""Loading the territory reference (KATO) from the data file shipped with the app."""

import json
from pathlib import Path

from django.db import transaction

from kernel.audit.services import audit_record
from kernel.territory.models import District, Region, RuralDistrict

DATA_FILE = Path(__file__).parent / "data" / "kato.json"


@transaction.atomic
def territory_load_reference(*, path: Path = DATA_FILE) -> dict[str, int]:
    """Create or update regions, districts and rural districts; idempotent.

    ``assigned_for_settlement`` is left alone on existing districts: it is changed only by an
    accepted proposal, never by reloading reference data.
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    regions = {}
    for row in data["regions"]:
        regions[row["kato"]], _ = Region.objects.update_or_create(
            kato=row["kato"],
            defaults={k: row[k] for k in ("name_kk", "name_ru", "receives_migrants")},
        )
    districts = {}
    for row in data["districts"]:
        districts[row["kato"]], _ = District.objects.update_or_create(
            kato=row["kato"],
            defaults={"region": regions[row["region"]], "name_kk": row["name_kk"], "name_ru": row["name_ru"]},
        )
    for row in data["rural_districts"]:
        RuralDistrict.objects.update_or_create(
            kato=row["kato"],
            defaults={"district": districts[row["district"]], "name_kk": row["name_kk"], "name_ru": row["name_ru"]},
        )
    return {
        "regions": len(data["regions"]),
        "districts": len(data["districts"]),
        "rural_districts": len(data["rural_districts"]),
    }


@transaction.atomic
def district_assignment_set(*, district_id: int, assigned: bool, by, note: str = "") -> District:
    """Assign a district of Astana for settlement, or withdraw it (an accepted proposal, rules p.3);
    audited when it changes, nothing when it already stands so."""
    district = District.objects.select_for_update().get(pk=district_id)
    if district.assigned_for_settlement != assigned:
        district.assigned_for_settlement = assigned
        district.save(update_fields=["assigned_for_settlement"])
        audit_record(
            by=by,
            action="update",
            target=district,
            changes={"assigned_for_settlement": [not assigned, assigned]},
            note=note,
        )
    return district
