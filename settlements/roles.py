"""What each role may do with settlements, the settlement list and its deliveries."""

from kernel.accounts.roles import ANALYST, DEPARTMENT_HEAD, DEPARTMENT_STAFF

PERMISSIONS = {
    DEPARTMENT_STAFF: [
        "settlements.view_settlement",
        "settlements.add_settlement",
        "settlements.change_settlement",
        "settlements.view_recipient",
        "settlements.add_recipient",
        "settlements.change_recipient",
        "settlements.view_settlementlist",
        "settlements.add_settlementlist",
        "settlements.change_settlementlist",
        "settlements.view_settlementlistitem",
        "settlements.view_delivery",
        "settlements.retry_delivery",
    ],
    # Approval and publication leave the Department: the head's alone (docs/architecture.md "Who uses it").
    DEPARTMENT_HEAD: [
        "settlements.approve_settlementlist",
        "settlements.publish_settlementlist",
    ],
    ANALYST: [
        "settlements.view_settlement",
        "settlements.view_settlementlist",
        "settlements.view_settlementlistitem",
    ],
}
