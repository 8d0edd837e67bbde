"""The security headers the portal adds to its responses (``SecurityHeadersMiddleware``)."""

from django.conf import settings

from kernel.security.personal_data import is_personal_data_view, no_store

# The API's description (schema and Swagger UI) holds no data: proxies may keep it.
PUBLIC_API_DOCUMENTS = frozenset({"schema", "docs"})


def content_security_policy() -> str:
    """``CONTENT_SECURITY_POLICY`` (a dict of directive → sources) as a header value."""
    directives = settings.CONTENT_SECURITY_POLICY.items()
    return "; ".join(f"{name} {' '.join(sources)}".strip() for name, sources in directives)


def security_headers_apply(request, response):
    """CSP and Permissions-Policy on every response (unless the view set its own), and no-store on
    every page of the admin, every view marked as showing personal data, and every API answer that
    does not state its own caching (an admission with its family, a quota's admissions: personal
    data must not stay in a proxy or a client's HTTP cache; the settlement list, which mobility
    centres poll with ETags, sets its own ``Cache-Control`` and keeps it)."""
    if settings.CONTENT_SECURITY_POLICY and "Content-Security-Policy" not in response:
        response["Content-Security-Policy"] = content_security_policy()
    if settings.PERMISSIONS_POLICY and "Permissions-Policy" not in response:
        response["Permissions-Policy"] = settings.PERMISSIONS_POLICY
    match = getattr(request, "resolver_match", None)
    if match is None:
        return response
    personal = "admin" in match.namespaces or is_personal_data_view(match.func)
    api_data = "api" in match.namespaces and match.url_name not in PUBLIC_API_DOCUMENTS
    if personal or (api_data and "Cache-Control" not in response):
        no_store(response)
    return response
