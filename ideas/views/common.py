from core.errors import DomainError

# the service speaks of `author`; the paper form asks for the resident's `account`
ALIASES = {"author": "account"}


def show_errors(form, exc: DomainError):
    """A service's refusal on the form: field errors where the fields are, the rest on top."""
    for field, errors in exc.fields.items():
        field = ALIASES.get(field, field)
        for error in errors:
            form.add_error(field if field in form.fields else None, error)
    if not exc.fields:
        form.add_error(None, exc.message)
