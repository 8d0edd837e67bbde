"""What each role may do with registration records (gathered by accounts.roles.role_permissions).

Staff keep the register: they see and change records, including personal data, and import files.
Analysts see records de-identified only (no IIN, document, name, birth date or address: the
admin and its exports drop them for anyone without ``view_personal_data``) and no imports.
Nobody deletes a record: a registration ends by deregistration.
"""

from kernel.accounts.roles import ANALYST, DEPARTMENT_STAFF

PERMISSIONS = {
    DEPARTMENT_STAFF: [
        "registration.view_registrationrecord",
        "registration.add_registrationrecord",
        "registration.change_registrationrecord",
        "registration.view_personal_data",
        "registration.view_importbatch",
        "registration.add_importbatch",
    ],
    ANALYST: [
        "registration.view_registrationrecord",
    ],
}
