"""Domain errors of the quotas app: the request is well-formed but the quota's state refuses it."""


class QuotaConflict(Exception):
    """The request is well-formed but the quota's state refuses it (HTTP 409)."""

    code = "quota_conflict"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class QuotaExhausted(QuotaConflict):
    """The family does not fit into what is left of the quota."""

    code = "quota_exhausted"


class QuotaClosed(QuotaConflict):
    """The quota is closed, or is not one that families are admitted against."""

    code = "quota_closed"
