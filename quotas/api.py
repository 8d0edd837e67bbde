"""API of the quotas app (mounted under /api/v1/, namespace ``api``).

Staff (session or staff-scope key) and the head read and write; analysts read quotas and
admissions without personal data. Views call services; the rules live there.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from kernel.accounts.authentication import ApiClient
from kernel.accounts.models import ApiKey
from kernel.accounts.permissions import RoleAccess
from kernel.accounts.roles import ANALYST, DEPARTMENT_HEAD, DEPARTMENT_STAFF, user_has_role
from quotas import selectors, services
from quotas.errors import QuotaConflict
from quotas.fill import quotas_fill
from quotas.filters import QuotaFilter
from quotas.models import Admission, Quota
from quotas.serializers import (
    AdmissionCancelSerializer,
    AdmissionCreateSerializer,
    AdmissionSerializer,
    AdmissionSummarySerializer,
    ConflictSerializer,
    QuotaDetailSerializer,
    QuotaFillSerializer,
    QuotaSerializer,
)

STAFF = {DEPARTMENT_STAFF, DEPARTMENT_HEAD, "key:staff"}
QuotaAccess = RoleAccess.allow(read={ANALYST}, write=STAFF)


def sees_personal_data(request) -> bool:
    """Who sees the families' IINs and names: staff, the head, staff-scope clients; never analysts."""
    user = request.user
    if isinstance(user, ApiClient):
        return user.scope == ApiKey.Scope.STAFF
    return user_has_role(user, DEPARTMENT_STAFF, DEPARTMENT_HEAD)


def _admission_serializer_class(view):
    """The full admission for those who see personal data, the summary for analysts."""
    if getattr(view, "swagger_fake_view", False) or sees_personal_data(view.request):
        return AdmissionSerializer
    return AdmissionSummarySerializer


class QuotaConflictError(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The quota refuses this admission.")
    default_code = "quota_conflict"


def _field_errors(exc: DjangoValidationError) -> dict:
    """A service's field errors, under the names the API's input uses (``head.iin`` → head/iin)."""
    errors: dict = {}
    for field, messages in exc.message_dict.items():
        if field.startswith("head_"):
            errors.setdefault("head", {})[field.removeprefix("head_")] = messages
        elif field == "__all__":
            errors["non_field_errors"] = messages
        else:
            errors[field] = messages
    return errors


class QuotaListView(generics.ListAPIView):
    """Quotas with their limits and utilisation."""

    schema_description = _("Quotas with their limits and utilisation.")

    permission_classes = [QuotaAccess]
    serializer_class = QuotaSerializer
    filterset_class = QuotaFilter

    def get_queryset(self):
        return selectors.quota_list()

    @extend_schema(summary=_("List quotas"), tags=["quotas"])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


FILL_EXAMPLE = {
    "quota": 12,
    "kind": "resettler",
    "territory": "590000000",
    "period_start": 2026,
    "period_end": 2026,
    "limit_persons": 2820,
    "used_persons": 1180,
    "limit_families": 700,
    "used_families": 301,
    "expected_persons_by_now": 1645,
    "projected_persons_at_period_end": 1702,
    "projected_low": 1540,
    "projected_high": 1890,
    "status": "behind",
    "monthly": [
        {"month": "2026-01", "used_persons": 95, "used_families": 24},
        {"month": "2026-02", "used_persons": 210, "used_families": 53},
    ],
}


class QuotaFillView(generics.ListAPIView):
    """How each quota fills against its plan, with a projection to its period's end."""

    permission_classes = [QuotaAccess]
    serializer_class = QuotaFillSerializer
    filterset_class = QuotaFilter

    def get_queryset(self):
        return selectors.quota_list()

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        fills = quotas_fill(page, today=timezone.localdate())
        return self.get_paginated_response(self.get_serializer(fills, many=True).data)

    @extend_schema(
        summary=_("Quota fill: pace, projection and status"),
        description=(
            _(
                "Per quota: persons and families admitted by month (cumulative, ending at today's figures), the plan's "
                "line today (the limit spread evenly over the period), a projection to the period's end at the pace of "
                "the last 90 days with a low–high range from the last three months' paces, and a status. Filters as "
                "on the quota list."
            )
        ),
        examples=[OpenApiExample(_("A resettler quota behind its plan"), value=FILL_EXAMPLE, response_only=True)],
        tags=["quotas"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class QuotaDetailView(generics.RetrieveAPIView):
    """One quota, with its utilisation by settlement of arrival."""

    schema_description = _("One quota, with its utilisation by settlement of arrival.")

    permission_classes = [QuotaAccess]
    serializer_class = QuotaDetailSerializer

    def get_queryset(self):
        return selectors.quota_list()

    def get_object(self):
        quota = super().get_object()
        quota.utilisation_by_settlement = selectors.quota_utilisation_by_settlement(quota)
        return quota

    @extend_schema(summary=_("One quota, with utilisation by settlement"), tags=["quotas"])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class QuotaAdmissionsView(generics.ListCreateAPIView):
    """Families admitted against a quota; POST admits one."""

    schema_description = _("Families admitted against a quota; POST admits one.")

    permission_classes = [QuotaAccess]
    queryset = Admission.objects.none()  # for the schema; requests use get_queryset()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return selectors.admission_list().filter(quota_id=self.kwargs["pk"]).prefetch_related("members")

    get_serializer_class = _admission_serializer_class

    @extend_schema(
        summary=_("Admissions of a quota"),
        description=_("Analysts receive the admissions without personal data (no `head`, no `members`)."),
        tags=["quotas"],
    )
    def get(self, request, *args, **kwargs):
        get_object_or_404(Quota, pk=kwargs["pk"])
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary=_("Admit a family against the quota"),
        request=AdmissionCreateSerializer,
        responses={
            201: AdmissionSerializer,
            400: OpenApiResponse(description=_("Field errors; nothing is saved.")),
            404: OpenApiResponse(description=_("No such quota.")),
            409: OpenApiResponse(
                ConflictSerializer,
                description=_(
                    "`quota_exhausted`: the family does not fit; `quota_closed`: the quota admits no families."
                ),
            ),
        },
        tags=["quotas"],
    )
    def post(self, request, *args, **kwargs):
        quota = get_object_or_404(Quota, pk=kwargs["pk"])
        payload = AdmissionCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        try:
            admission = services.admission_create(
                quota=quota,
                head=data["head"],
                members=data["members"],
                settlement=data["settlement"],
                admitted_on=data["admitted_on"],
                by=request.user,
            )
        except DjangoValidationError as exc:
            raise exceptions.ValidationError(_field_errors(exc)) from exc
        except QuotaConflict as exc:
            raise QuotaConflictError(detail=exc.message, code=exc.code) from exc
        return Response(AdmissionSerializer(admission).data, status=status.HTTP_201_CREATED)


class AdmissionDetailView(generics.RetrieveAPIView):
    permission_classes = [QuotaAccess]

    def get_queryset(self):
        return selectors.admission_list().prefetch_related("members")

    get_serializer_class = _admission_serializer_class

    @extend_schema(
        summary=_("One admission"),
        description=_("Analysts receive it without personal data (no `head`, no `members`)."),
        responses=AdmissionSerializer,
        tags=["quotas"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class AdmissionCancelView(APIView):
    permission_classes = [RoleAccess.allow(write=STAFF)]

    @extend_schema(
        summary=_("Cancel an admission and free its places"),
        description=_("Cancelling an admission that is already cancelled changes nothing and answers 200."),
        request=AdmissionCancelSerializer,
        responses={200: AdmissionSerializer, 404: OpenApiResponse(description=_("No such admission."))},
        tags=["quotas"],
    )
    def post(self, request, pk):
        admission = get_object_or_404(Admission, pk=pk)
        payload = AdmissionCancelSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        admission = services.admission_cancel(
            admission=admission, reason=payload.validated_data["reason"], by=request.user
        )
        return Response(AdmissionSerializer(admission).data)


urlpatterns = [
    path("quotas/", QuotaListView.as_view(), name="quota-list"),
    path("quotas/fill/", QuotaFillView.as_view(), name="quota-fill"),
    path("quotas/<int:pk>/", QuotaDetailView.as_view(), name="quota-detail"),
    path("quotas/<int:pk>/admissions/", QuotaAdmissionsView.as_view(), name="quota-admissions"),
    path("admissions/<int:pk>/", AdmissionDetailView.as_view(), name="admission-detail"),
    path("admissions/<int:pk>/cancel/", AdmissionCancelView.as_view(), name="admission-cancel"),
]
