"""One error family: everything the user can cause is a TimelineError with a location."""

from __future__ import annotations


class TimelineError(Exception):
    """A problem with the user's input or environment, reported as one line."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None,
                 column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = self.path
            if self.line:
                where += f":{self.line}"
                if self.column:
                    where += f":{self.column}"
            where += ": "
        return where + self.message


class ValidationErrors(TimelineError):
    """Several input problems found in one run; each is its own line."""

    def __init__(self, errors: list[TimelineError]) -> None:
        super().__init__(f"{len(errors)} problem(s) in the input")
        self.errors = errors

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)
