"""Domain errors of the proposals app; their messages are shown to the user as they are."""


class ProposalError(Exception):
    """A domain error whose message is shown to the user as it is."""


class IllegalTransition(ProposalError):
    """A move the state machine (proposals.transitions) does not allow from the current state."""


class NotAllowed(ProposalError):
    """A move the acting user has no permission for."""
