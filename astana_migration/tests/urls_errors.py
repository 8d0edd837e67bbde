"""A test URLconf: the portal's URLs and error handlers, plus views that fail or refuse."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from astana_migration.urls import handler403, handler404, handler500  # noqa: F401 - the handlers of this URLconf
from astana_migration.urls import urlpatterns as portal_urlpatterns


def failing_view(request):
    raise RuntimeError("a bug in a view")


def refusing_with_a_reason(request):
    raise PermissionDenied("Only the department head signs this letter.")


def refusing_api_view(request):
    raise PermissionDenied


urlpatterns = [
    path("admin/test-errors/boom/", failing_view),
    path("admin/test-errors/refuse/", refusing_with_a_reason),
    path("api/v1/test-errors/refuse/", refusing_api_view),
    *portal_urlpatterns,
]
