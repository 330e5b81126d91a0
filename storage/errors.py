"""The errors every layer speaks: each maps to one exit code and one clear line."""


class SchoolLogError(Exception):
    """Base: the message is one line, safe to show (never plaintext safeguarding data)."""

    exit_code = 2


class InputError(SchoolLogError):
    """Bad input or bad usage: nothing was written.

    `form` and `field` say what the problem is about, so a screen can show it under that
    field without reading the words; the message is "<form>, <field>: <problem>" (a field
    without a form only places it: the problem then names what it is about itself).
    """

    exit_code = 2

    def __init__(self, problem: str, *, form: str | None = None, field: str | None = None) -> None:
        self.form, self.field, self.problem = form, field, problem
        about = ", ".join(part for part in (form, field) if part) if form else ""
        super().__init__(f"{about}: {problem}" if about else problem)


class AuthError(SchoolLogError):
    """Authentication or permission refused: nothing was written."""

    exit_code = 3


class IntegrityError(SchoolLogError):
    """The store is damaged, altered or behind what was already seen."""

    exit_code = 1
