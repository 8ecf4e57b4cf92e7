class TaxError(Exception):
    """A refusal the person can act on; ``str()`` is the message to show. ``field`` names
    the form field or request path at fault, when there is one."""

    def __init__(self, message: str, *, field: str = "", errors: list | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.errors = errors or ([{"field": field, "message": message}] if field else [])

    def __str__(self) -> str:
        return self.message


class NotRepresented(TaxError):
    """The person may not act for this company."""
