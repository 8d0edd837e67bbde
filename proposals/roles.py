"""Who may do what with proposals (gathered by roles_sync; the head also holds staff rights)."""

PERMISSIONS = {
    "department_staff": [
        "proposals.view_proposal",
        "proposals.add_proposal",
        "proposals.change_proposal",
        "proposals.send_proposal",
        "proposals.decide_proposal",
    ],
    "department_head": ["proposals.approve_proposal"],
    "analyst": ["proposals.view_proposal"],
}
