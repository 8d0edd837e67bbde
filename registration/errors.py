"""Domain errors of the registration app; their messages are shown to staff as they are."""


class RegistrationError(Exception):
    """A registration write that the rules do not allow; the message is for the staff member."""
