"""Project-level views: JSON error pages for the API, the start page redirect."""

from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.defaults import page_not_found, server_error


def index(request):
    return redirect("admin:index")


def not_found(request, exception=None):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Not found."), "code": "not_found"}, status=404)
    return page_not_found(request, exception)


def server_failure(request):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("A server error occurred."), "code": "error"}, status=500)
    return server_error(request)
