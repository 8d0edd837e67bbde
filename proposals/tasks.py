from celery import shared_task

from proposals.suggestions import proposals_suggest


@shared_task(name="proposals.suggest", ignore_result=True)
def suggest_proposals() -> int:
    """Daily: draft what quota use and outflow alerts call for (idempotent)."""
    return len(proposals_suggest(by=None))
