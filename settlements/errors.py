"""Domain errors of the settlements app. Their messages are shown to staff as they are."""


class SettlementListError(Exception):
    """A settlement list operation that the list's state, or the user's rights, do not allow."""


class DeliveryError(Exception):
    """A delivery operation that the delivery's state does not allow."""


class VersionNotFound(Exception):
    """No published version of the settlement list has the number asked for."""


class PageNotFound(Exception):
    """A page of items past the last one, or a page number that is not one."""


class InvalidQuery(Exception):
    """Filter or page-size values the list cannot be read with; ``errors`` names each field."""

    def __init__(self, errors: dict):
        super().__init__(errors)
        self.errors = errors
