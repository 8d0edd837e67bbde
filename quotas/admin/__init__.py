"""Quotas and admissions in the admin: utilisation at a glance, every write through the services.

Staff never type a counter or a limit into a quota's form: counters move with admissions, limits
through the "Change limits" form (``quota_limit_change``). Families are admitted through their
own form (``admission_create``), and cancelled by an action (``admission_cancel``).
"""

from quotas.admin.admission import AdmissionAdmin
from quotas.admin.fill_report import FillReportAdmin
from quotas.admin.quota import QuotaAdmin, QuotaLimitChangeAdmin, utilisation_bar

__all__ = ["AdmissionAdmin", "FillReportAdmin", "QuotaAdmin", "QuotaLimitChangeAdmin", "utilisation_bar"]
