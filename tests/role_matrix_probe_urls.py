"""A URLconf for the role matrix's self-test: the portal plus a new, uncovered endpoint and a view
marked as showing personal data that lets everyone in."""

from django.http import HttpResponse
from django.urls import path

from astana_migration.security.personal_data import personal_data_view
from astana_migration.urls import urlpatterns as portal_urlpatterns


def probe_new(request):
    return HttpResponse("a new endpoint")


@personal_data_view
def probe_personal(request):
    return HttpResponse("surname, IIN")


urlpatterns = [
    path("probe/new/", probe_new, name="probe-new"),
    path("probe/personal/", probe_personal, name="probe-personal"),
    *portal_urlpatterns,
]
