"""Read-only API of proposals for staff, the head and analysts (mounted under /api/v1/)."""

from django.urls import path
from rest_framework import generics

from kernel.accounts.permissions import RoleAccess
from proposals.filters import ProposalFilter
from proposals.selectors import proposal_list
from proposals.serializers import ProposalSerializer

READERS = RoleAccess.allow(read={"department_staff", "department_head", "analyst"})


class ProposalList(generics.ListAPIView):
    serializer_class = ProposalSerializer
    permission_classes = [READERS]
    filterset_class = ProposalFilter

    def get_queryset(self):
        return proposal_list()


class ProposalDetail(generics.RetrieveAPIView):
    serializer_class = ProposalSerializer
    permission_classes = [READERS]

    def get_queryset(self):
        return proposal_list()


urlpatterns = [
    path("proposals/", ProposalList.as_view(), name="proposal-list"),
    path("proposals/<int:pk>/", ProposalDetail.as_view(), name="proposal-detail"),
]
