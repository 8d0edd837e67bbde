"""What stops a whole import file (as opposed to one row's problems, ``rows.Problem``)."""


class FileProblem(Exception):
    """The file as a whole cannot be imported (unreadable, wrong header, too large, over a bound).

    ``code`` is a key of ``validation.MESSAGES``; ``params`` fill its sentence, and ``row`` (when
    the problem is at a row) is where the error report puts it."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code, self.params = code, params

    @property
    def row(self) -> int:
        return int(self.params.get("row") or 1)
