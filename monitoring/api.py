"""API of the monitoring app (mounted under /api/v1/): indicators, values, alerts and forecasts.

Read-only, for department staff, the head and analysts; API keys of mobility centres get 403.
"""

from django.urls import path
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework.generics import ListAPIView
from rest_framework.permissions import IsAuthenticated

from kernel.accounts.permissions import RoleAccess
from kernel.accounts.roles import ANALYST, DEPARTMENT_HEAD, DEPARTMENT_STAFF
from monitoring import selectors
from monitoring.filters import AlertFilter, ValueFilter
from monitoring.models import IndicatorValue, OutflowAlert
from monitoring.serializers import AlertSerializer, ForecastSerializer, IndicatorSerializer, ValueSerializer

READERS = [IsAuthenticated, RoleAccess.allow(read={DEPARTMENT_STAFF, DEPARTMENT_HEAD, ANALYST})]


@extend_schema(
    tags=["monitoring"], summary=gettext_lazy("The indicator catalogue (rules p.3), each with a stable code")
)
class IndicatorListView(ListAPIView):
    permission_classes = READERS
    serializer_class = IndicatorSerializer
    filter_backends: list = []

    def get_queryset(self):
        return selectors.indicators()


@extend_schema(tags=["monitoring"], summary=gettext_lazy("Indicator values per period and district"))
class ValueListView(ListAPIView):
    permission_classes = READERS
    serializer_class = ValueSerializer
    filterset_class = ValueFilter

    def get_queryset(self):
        return IndicatorValue.objects.select_related("indicator").order_by(
            "indicator__position", "period_start", "period_kind", "area"
        )


@extend_schema(tags=["monitoring"], summary=gettext_lazy("Outflow alerts (rules p.6)"))
class AlertListView(ListAPIView):
    permission_classes = READERS
    serializer_class = AlertSerializer
    filterset_class = AlertFilter

    def get_queryset(self):
        return OutflowAlert.objects.order_by("-period_start", "period", "area")


@extend_schema(
    tags=["monitoring"],
    summary=gettext_lazy("The latest forecast of places in schools, kindergartens and clinics (p.8)"),
)
class ForecastListView(ListAPIView):
    permission_classes = READERS
    serializer_class = ForecastSerializer
    filter_backends: list = []

    def get_queryset(self):
        return selectors.latest_forecasts()


urlpatterns = [
    path("monitoring/indicators/", IndicatorListView.as_view(), name="indicator-list"),
    path("monitoring/values/", ValueListView.as_view(), name="value-list"),
    path("monitoring/alerts/", AlertListView.as_view(), name="alert-list"),
    path("monitoring/forecasts/", ForecastListView.as_view(), name="forecast-list"),
]
