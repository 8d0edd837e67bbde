"""A URLconf for the role matrix's self-test: the portal plus a new, uncovered endpoint, a view
marked as showing personal data that lets everyone in, and a DRF viewset under a prefix with a
path parameter of its own."""

from django.http import HttpResponse
from django.urls import include, path
from rest_framework import routers, serializers, viewsets

from astana_migration.urls import urlpatterns as portal_urlpatterns
from kernel.security.personal_data import personal_data_view
from kernel.territory.models import Region


def probe_new(request):
    return HttpResponse("a new endpoint")


@personal_data_view
def probe_personal(request):
    return HttpResponse("surname, IIN")


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["kato"]


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Region.objects.all()
    serializer_class = RegionSerializer
    lookup_field = "kato"


router = routers.SimpleRouter()
router.register("regions", RegionViewSet, basename="probe-region")

urlpatterns = [
    path("probe/new/", probe_new, name="probe-new"),
    path("probe/personal/", probe_personal, name="probe-personal"),
    path("probe/<str:year>/", include(router.urls)),
    *portal_urlpatterns,
]
