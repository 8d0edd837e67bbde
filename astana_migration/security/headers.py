"""The security headers the portal adds to its responses (``SecurityHeadersMiddleware``)."""

from django.conf import settings

from astana_migration.security.personal_data import is_personal_data_view, no_store


def content_security_policy() -> str:
    """``CONTENT_SECURITY_POLICY`` (a dict of directive → sources) as a header value."""
    directives = settings.CONTENT_SECURITY_POLICY.items()
    return "; ".join(f"{name} {' '.join(sources)}".strip() for name, sources in directives)


def security_headers_apply(request, response):
    """CSP and Permissions-Policy on every response (unless the view set its own), and no-store on
    every page of the admin and every view marked as showing personal data."""
    if settings.CONTENT_SECURITY_POLICY and "Content-Security-Policy" not in response:
        response["Content-Security-Policy"] = content_security_policy()
    if settings.PERMISSIONS_POLICY and "Permissions-Policy" not in response:
        response["Permissions-Policy"] = settings.PERMISSIONS_POLICY
    match = getattr(request, "resolver_match", None)
    if match is not None and ("admin" in match.namespaces or is_personal_data_view(match.func)):
        no_store(response)
    return response
