"""The portal's own error pages (handler403/404/500 and CSRF_FAILURE_VIEW in urls.py and settings).

A refused or missing page stays in the portal: the admin's header, the user's language, what was
refused and why, and a way back. Under ``/api/`` the answer stays JSON, as DRF's own errors are.
The 500 page is rendered without the request: the database or the session may be what failed.
"""

from urllib.parse import urlsplit, urlunsplit

from django.apps import apps
from django.contrib import admin
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from rest_framework import exceptions as api_exceptions

from kernel.logging import mask_iins
from kernel.security.personal_data import no_store

API_PREFIX = "/api/"
ADMIN_PREFIX = "/admin/"


def is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def refused(request, exception=None):
    """handler403: a PermissionDenied raised by a view (DRF answers its own views' refusals)."""
    if is_api(request):
        detail = str(api_exceptions.PermissionDenied.default_detail)
        return JsonResponse({"detail": detail, "code": "permission_denied"}, status=403)
    reason = refusal_reason(exception) or _("Your role does not allow this page.")
    return _page(request, "403.html", status=403, title=_("Access denied"), reason=reason)


def not_found(request, exception=None):
    """handler404: JSON under /api/ (an unknown API address too), else the portal's page."""
    if is_api(request):
        return JsonResponse({"detail": _("Not found."), "code": "not_found"}, status=404)
    return _page(request, "404.html", status=404, title=_("Page not found"))


def csrf_refused(request, reason=""):
    """CSRF_FAILURE_VIEW: Django's reason is for developers; the user is told what to do."""
    if is_api(request):
        return JsonResponse({"detail": _("CSRF check failed."), "code": "csrf_failed"}, status=403)
    return _page(request, "403_csrf.html", status=403, title=_("The form was not accepted"))


def server_failure(request):
    """handler500: rendered from the template alone, touching neither the database nor the session."""
    if is_api(request):
        return JsonResponse({"detail": _("A server error occurred."), "code": "error"}, status=500)
    html = loader.get_template("500.html").render({"title": _("Server error"), "start_url": ADMIN_PREFIX})
    return no_store(HttpResponse(html, status=500, content_type="text/html; charset=utf-8"))


def refusal_reason(exception) -> str:
    """The message a view gave its PermissionDenied, or "" when it gave none."""
    if exception is None or not getattr(exception, "args", None):
        return ""
    return str(exception).strip()


def refused_section(path: str) -> str:
    """The admin section a path belongs to (a model's plural name), or "" outside the admin's models."""
    parts = path[len(ADMIN_PREFIX) :].split("/") if path.startswith(ADMIN_PREFIX) else []
    if len(parts) < 2 or not parts[0] or not parts[1]:
        return ""
    try:
        model = apps.get_model(parts[0], parts[1])
    except (LookupError, ValueError):
        return ""
    return str(model._meta.verbose_name_plural).capitalize()


def back_url(request) -> str:
    """The referring page as a local address, when it is of this site and not the page itself."""
    referer = request.META.get("HTTP_REFERER", "")
    try:
        host = request.get_host()
    except DisallowedHost:
        return ""
    if not referer or not url_has_allowed_host_and_scheme(referer, {host}, require_https=request.is_secure()):
        return ""
    parts = urlsplit(referer)
    if parts.path == request.path or not parts.path.startswith("/") or parts.path.startswith("//"):
        return ""
    return urlunsplit(("", "", parts.path, parts.query, ""))


def _admin_context(request) -> dict:
    """The admin's frame (sections, user tools) for a staff member under /admin/; the site's names else."""
    user = getattr(request, "user", None)
    if request.path.startswith(ADMIN_PREFIX) and user is not None and user.is_active and user.is_staff:
        return admin.site.each_context(request)
    return {"site_header": admin.site.site_header, "site_title": admin.site.site_title, "has_permission": False}


def _page(request, template, *, status, title, reason=""):
    context = {
        **_admin_context(request),
        "title": title,
        "reason": reason,
        "refused_path": mask_iins(request.path),
        "refused_section": refused_section(request.path),
        "back_url": back_url(request),
        "start_url": reverse("admin:index"),
    }
    response = TemplateResponse(request, template, context, status=status)
    return no_store(response.render())
