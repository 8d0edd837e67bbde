"""Every write of the quotas app (rules p.2.4, p.2.6, p.4): atomic, keyword-only, ``by=`` the acting
user, the audit entry inside the transaction.

``quotas`` holds quotas and their limits; ``admissions`` admitting and cancelling families, after
the checks of ``family``; ``fill_reports`` the fill report's job. The domain errors are in ``quotas.errors``.
"""

from quotas.errors import QuotaClosed, QuotaConflict, QuotaExhausted
from quotas.services.admissions import admission_cancel, admission_create
from quotas.services.fill_reports import (
    fill_report_build,
    fill_report_download_record,
    fill_report_request,
    fill_report_sweep,
    fill_report_validate,
)
from quotas.services.quotas import (
    QUOTA_FIELDS,
    QUOTA_IDENTITY_FIELDS,
    UNCHANGED,
    quota_create,
    quota_limit_adjust,
    quota_limit_change,
    quota_update,
)

__all__ = [
    "QUOTA_FIELDS",
    "QUOTA_IDENTITY_FIELDS",
    "UNCHANGED",
    "QuotaClosed",
    "QuotaConflict",
    "QuotaExhausted",
    "admission_cancel",
    "admission_create",
    "fill_report_build",
    "fill_report_download_record",
    "fill_report_request",
    "fill_report_sweep",
    "fill_report_validate",
    "quota_create",
    "quota_limit_adjust",
    "quota_limit_change",
    "quota_update",
]
