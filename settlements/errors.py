"""Domain errors of the settlements app. Their messages are shown to staff as they are."""


class SettlementListError(Exception):
    """A settlement list operation that the list's state, or the user's rights, do not allow."""


class DeliveryError(Exception):
    """A delivery operation that the delivery's state does not allow."""
