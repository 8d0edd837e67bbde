"""A test URLconf: the portal's URLs plus views that refuse, for the audit of denied access."""

from django.core.exceptions import PermissionDenied
from django.urls import path
from rest_framework.response import Response
from rest_framework.views import APIView

from astana_migration.urls import urlpatterns as portal_urlpatterns
from kernel.accounts.permissions import RoleAccess


class StaffOnlyView(APIView):
    permission_classes = [RoleAccess.allow(read=["department_staff"])]

    def get(self, request):
        return Response({"ok": True})


def refusing_view(request, iin):
    raise PermissionDenied


urlpatterns = [
    path("test-denied/api/", StaffOnlyView.as_view()),
    path("test-denied/person/<str:iin>/", refusing_view),
    *portal_urlpatterns,
]
