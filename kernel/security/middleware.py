"""Thin middleware: each calls one service of this package (see settings.MIDDLEWARE for order)."""

from kernel.security.access import access_denied_record
from kernel.security.headers import security_headers_apply
from kernel.security.sessions import session_expiry_check


class SessionExpiryMiddleware:
    """Logs out a session idle longer than SESSION_IDLE_SECONDS or older than SESSION_COOKIE_AGE.
    Must come after AuthenticationMiddleware and MessageMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session_expiry_check(request)
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Content-Security-Policy, Permissions-Policy, and no-store on the admin and on personal data."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return security_headers_apply(request, self.get_response(request))


class DeniedAccessAuditMiddleware:
    """Audits every 403: PermissionDenied in a view, a DRF permission refusal, a CSRF failure."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            access_denied_record(request, status=response.status_code)
        return response
