import logging

from kernel.audit.models import AuditEntry
from kernel.audit.services import audit_diff, audit_record, audit_snapshot
from kernel.logging import MaskPersonalDataFilter, mask_iins
from kernel.territory.models import Region


def test_it_records_who_changed_what_before_and_after(reference_data, staff_user):
    region = Region.objects.get(kato="550000000")
    before = audit_snapshot(region)
    region.receives_migrants = False
    entry = audit_record(
        by=staff_user, action="update", target=region, changes=audit_diff(before, audit_snapshot(region))
    )
    entry.refresh_from_db()
    assert entry.actor == staff_user
    assert entry.changes == {"receives_migrants": [True, False]}
    assert entry.object_id == str(region.pk)
    assert AuditEntry.objects.count() == 1


def test_it_masks_iins_in_log_lines(caplog):
    logger = logging.getLogger("portal.test")
    logger.addFilter(MaskPersonalDataFilter())
    with caplog.at_level(logging.INFO, logger="portal.test"):
        logger.info("admitted %s", "860912350786")
    assert "860912350786" not in caplog.text
    assert "8609******86" in caplog.text
    assert mask_iins("phone 87011234567, iin 860912350786") == "phone 87011234567, iin 8609******86"
