"""Read-only API of proposals for staff, the head and analysts (mounted under /api/v1/)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics

from kernel.accounts.permissions import RoleAccess
from proposals.filters import ProposalFilter
from proposals.selectors import proposal_list
from proposals.serializers import ProposalSerializer

READERS = RoleAccess.allow(read={"department_staff", "department_head", "analyst"})


@extend_schema_view(get=extend_schema(summary=_("List proposals"), tags=["proposals"]))
class ProposalList(generics.ListAPIView):
    schema_description = _(
        "Proposals of the Department to the authorised migration body (rules p.4, p.6), newest first."
    )

    serializer_class = ProposalSerializer
    permission_classes = [READERS]
    filterset_class = ProposalFilter

    def get_queryset(self):
        return proposal_list()


@extend_schema_view(get=extend_schema(summary=_("One proposal"), tags=["proposals"]))
class ProposalDetail(generics.RetrieveAPIView):
    schema_description = _("One proposal with its workflow's dates, its evidence and its letter's number.")

    serializer_class = ProposalSerializer
    permission_classes = [READERS]

    def get_queryset(self):
        return proposal_list()


urlpatterns = [
    path("proposals/", ProposalList.as_view(), name="proposal-list"),
    path("proposals/<int:pk>/", ProposalDetail.as_view(), name="proposal-detail"),
]
