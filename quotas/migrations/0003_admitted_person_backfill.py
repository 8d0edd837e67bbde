"""Every standing admission holds its people: one AdmittedPerson row per head and member.

Admissions are taken oldest first. Where the old read-only check let a person be admitted twice,
the earlier admission keeps the person and the later one is reported by number (never by IIN):
cancel it in the admin to set the record straight.
"""

from django.db import migrations


def backfill(apps, schema_editor):
    Admission = apps.get_model("quotas", "Admission")
    AdmissionMember = apps.get_model("quotas", "AdmissionMember")
    AdmittedPerson = apps.get_model("quotas", "AdmittedPerson")
    held: set[str] = set()
    doubled: list[int] = []
    rows = []
    standing = Admission.objects.filter(status="admitted").order_by("created_at", "id")
    for admission in standing.values("id", "head_iin").iterator():
        members = AdmissionMember.objects.filter(admission_id=admission["id"]).values_list("iin", flat=True)
        iins = [admission["head_iin"], *members]
        if any(iin in held for iin in iins):
            doubled.append(admission["id"])
        fresh = sorted({iin for iin in iins if iin and iin not in held})
        held.update(fresh)
        rows.extend(AdmittedPerson(admission_id=admission["id"], iin=iin) for iin in fresh)
    AdmittedPerson.objects.bulk_create(rows, batch_size=1000)
    if doubled:
        print(  # noqa: T201 - an operator must see this during migrate
            "\n  Admissions sharing a person with an earlier standing admission (cancel them): "
            + ", ".join(f"No. {pk}" for pk in doubled)
        )


def unfill(apps, schema_editor):
    apps.get_model("quotas", "AdmittedPerson").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("quotas", "0002_admitted_person")]

    operations = [migrations.RunPython(backfill, unfill)]
