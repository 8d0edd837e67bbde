from rest_framework import serializers

from proposals.models import Proposal


class ProposalSerializer(serializers.ModelSerializer):
    quota = serializers.PrimaryKeyRelatedField(read_only=True)
    district = serializers.SlugRelatedField(slug_field="kato", read_only=True)

    class Meta:
        model = Proposal
        fields = [
            "id",
            "kind",
            "direction",
            "quota",
            "district",
            "amount",
            "horizon",
            "justification",
            "evidence",
            "status",
            "suggested",
            "created_at",
            "submitted_at",
            "approved_at",
            "outgoing_number",
            "sent_on",
            "decision_number",
            "decided_on",
        ]
        read_only_fields = fields
