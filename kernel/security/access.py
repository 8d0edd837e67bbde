"""The audit of denied access: every 403 the portal answers, from the admin or the API."""

from kernel.audit.services import audit_record
from kernel.logging import mask_iins
from kernel.security.client import client_address


def access_denied_record(request, *, status: int = 403):
    """Audit that ``request`` was refused. The path is kept without its query string (which may
    hold a searched IIN or name), and any IIN-like digits in it are masked."""
    user = getattr(request, "user", None)
    by = user if user is not None and user.is_authenticated else "anonymous"
    address = client_address(request) or "an unknown address"
    path = mask_iins(request.path).replace("\x00", "\\x00")  # PostgreSQL text holds no NUL
    note = f"{request.method} {path} answered {status}, from {address}"
    return audit_record(by=by, action="denied", note=note[:2000])
