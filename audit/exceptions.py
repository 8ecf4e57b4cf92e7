class JournalImmutable(Exception):
    """Raised on any attempt to change or remove a journal entry."""


class UnjournaledTransition(Exception):
    """Raised when a journaled model changes state outside audit.services.transition."""
