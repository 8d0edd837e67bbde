"""Who acts: a user (staff, head, analyst), an API client (a mobility centre's key), or the system.

Services take ``by`` as any of these; what they record needs the user (a foreign key) and a label
(the audit trail, the "changed by" columns). One answer for every service.
"""


def actor_user(by):
    """The user behind ``by``, or None for an API client or the system."""
    if getattr(by, "_meta", None) is not None and getattr(by, "pk", None) is not None:
        return by
    return None


def actor(by) -> tuple:
    """``(user or None, label)``: the user and their username; an API client as it names itself;
    "system" for None."""
    if by is None:
        return None, "system"
    user = actor_user(by)
    if user is not None:
        return user, user.get_username()
    return None, str(by)[:150]
