import django_filters

from proposals.models import Kind, Proposal, Status


class ProposalFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Kind.choices)
    status = django_filters.ChoiceFilter(choices=Status.choices)

    class Meta:
        model = Proposal
        fields = ["kind", "status"]
