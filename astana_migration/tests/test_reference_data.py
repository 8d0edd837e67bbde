from django.contrib.auth.models import Group
from django.core.management import call_command

from kernel.accounts.roles import ROLES, role_permissions
from kernel.territory.models import District, Region, RuralDistrict
from kernel.territory.selectors import astana_districts, receiving_regions

RECEIVING = {"Абай", "Ақмола", "Атырау", "Шығыс", "Батыс", "Қарағанды", "Қостанай", "Павлодар", "Солтүстік", "Ұлытау"}


def test_it_loads_astana_and_the_receiving_regions(reference_data):
    assert Region.objects.get(kato="710000000").name_ru == "город Астана"
    assert astana_districts().count() >= 5
    names = {r.name_kk.split()[0] for r in receiving_regions()}
    assert names == RECEIVING
    assert RuralDistrict.objects.filter(district__region__receives_migrants=True).exists()


def test_it_is_idempotent(reference_data):
    counts = (Region.objects.count(), District.objects.count(), RuralDistrict.objects.count())
    call_command("load_reference_data", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (Region.objects.count(), District.objects.count(), RuralDistrict.objects.count()) == counts


def test_it_keeps_a_districts_assignment_when_reloaded(reference_data):
    District.objects.filter(kato="711210000").update(assigned_for_settlement=True)
    call_command("load_reference_data", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert District.objects.get(kato="711210000").assigned_for_settlement


def test_it_creates_one_group_per_role_and_the_head_holds_all_staff_rights(reference_data):
    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLES)
    head = set(Group.objects.get(name="department_head").permissions.values_list("codename", flat=True))
    staff = set(Group.objects.get(name="department_staff").permissions.values_list("codename", flat=True))
    assert staff <= head
    assert "view_auditentry" in head - staff
    assert role_permissions()["analyst"].isdisjoint({"registration.view_personal_data"})
