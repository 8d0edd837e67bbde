"""What each role may do in monitoring (gathered by ``roles_sync``; the head also holds staff's grants).

Staff enter statistics, keep measure plans and recompute; analysts read everything and order
reports; mobility centres see nothing here.
"""

from kernel.accounts.roles import ANALYST, DEPARTMENT_STAFF

_READ = [
    "monitoring.view_indicator",
    "monitoring.view_indicatorvalue",
    "monitoring.view_naturalincrease",
    "monitoring.view_dashboard",
    "monitoring.view_outflowalert",
    "monitoring.view_measureplan",
    "monitoring.view_measure",
    "monitoring.view_forecast",
    "monitoring.view_facilitycapacity",
    "monitoring.view_report",
    "monitoring.add_report",
]

PERMISSIONS = {
    DEPARTMENT_STAFF: [
        *_READ,
        "monitoring.add_indicatorvalue",
        "monitoring.change_indicatorvalue",
        "monitoring.add_naturalincrease",
        "monitoring.change_naturalincrease",
        "monitoring.add_facilitycapacity",
        "monitoring.change_facilitycapacity",
        "monitoring.change_measureplan",
        "monitoring.add_measure",
        "monitoring.change_measure",
        "monitoring.recompute_indicators",
    ],
    ANALYST: _READ,
}
