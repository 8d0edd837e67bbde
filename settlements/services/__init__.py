"""Every write of the settlements app (docs/architecture.md "Layout"): atomic, keyword-only, ``by=`` the
acting user, the audit entry inside the transaction, Celery work enqueued after commit.

``lists`` holds settlements, recipients and the settlement list's workflow; ``outbox`` the
delivery of published versions.
"""

from settlements.services.lists import (
    recipient_save,
    settlement_list_approve,
    settlement_list_create,
    settlement_list_publish,
    settlement_list_refresh,
    settlement_list_return_to_draft,
    settlement_save,
)
from settlements.services.outbox import (
    Attempt,
    attempt_time_limits,
    backoff_delay,
    claim_lease,
    delivery_attempt,
    delivery_enqueue_failed,
    delivery_enqueue_on_commit,
    delivery_mark_enqueued,
    delivery_retry,
    delivery_sweep,
    max_attempts,
)

__all__ = [
    "Attempt",
    "attempt_time_limits",
    "backoff_delay",
    "claim_lease",
    "delivery_attempt",
    "delivery_enqueue_failed",
    "delivery_enqueue_on_commit",
    "delivery_mark_enqueued",
    "delivery_retry",
    "delivery_sweep",
    "max_attempts",
    "recipient_save",
    "settlement_list_approve",
    "settlement_list_create",
    "settlement_list_publish",
    "settlement_list_refresh",
    "settlement_list_return_to_draft",
    "settlement_save",
]
