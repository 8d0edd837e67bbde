"""What each role may do with quotas (gathered by ``roles_sync``; the head inherits staff's).

Analysts see quotas and their history, never the admitted families (no personal data); everyone
here orders the fill report for the ministry.
"""

from kernel.accounts.roles import ANALYST, DEPARTMENT_STAFF

PERMISSIONS = {
    DEPARTMENT_STAFF: [
        "quotas.view_quota",
        "quotas.add_quota",
        "quotas.change_quota",
        "quotas.change_quota_limit",
        "quotas.view_quotalimitchange",
        "quotas.view_admission",
        "quotas.add_admission",
        "quotas.change_admission",
        "quotas.view_admissionmember",
        "quotas.view_fillreport",
        "quotas.add_fillreport",
    ],
    ANALYST: [
        "quotas.view_quota",
        "quotas.view_quotalimitchange",
        "quotas.view_fillreport",
        "quotas.add_fillreport",
    ],
}
