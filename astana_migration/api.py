"""The API root view (pagination and errors are in ``rest``)."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView


class ApiRootView(APIView):
    """The endpoints of API v1 (authenticated clients only)."""

    schema_description = gettext_lazy("The endpoints of API v1 (authenticated clients only).")

    endpoint_names = [
        "api:settlement-list",
        "api:settlementlist-list",
        "api:quota-list",
        "api:indicator-list",
        "api:value-list",
        "api:proposal-list",
    ]

    @extend_schema(
        responses={200: OpenApiTypes.OBJECT}, summary=gettext_lazy("Links to the API's endpoints"), tags=["api"]
    )
    def get(self, request):
        links = {}
        for name in self.endpoint_names:
            try:
                links[name.split(":", 1)[1]] = request.build_absolute_uri(reverse(name))
            except NoReverseMatch:
                continue
        links["schema"] = request.build_absolute_uri(reverse("api:schema"))
        links["docs"] = request.build_absolute_uri(reverse("api:docs"))
        return Response(links)
