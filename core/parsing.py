"""One checked parser for every integer a client sends.

`str.isdigit()` says yes to "²", "٣" and "５", which `int()` then refuses or reads as another
number; "--10" passes `lstrip("-")`; a 5,000-digit string is too long for `int()`; JSON's `1e400`
is an infinite float. Each of those was a 500 somewhere. Here an integer is ASCII digits with at
most one leading minus, short enough for a database bigint, and everything else is `None`, for
the caller to answer with its own 4xx message.
"""

import re

_INT = re.compile(r"-?[0-9]{1,18}")
BIGINT = 2**63 - 1


def parse_int(value, *, minimum: int | None = None, maximum: int | None = None) -> int | None:
    """`value` as an int within [minimum, maximum] and a bigint, or None if it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():  # also inf and nan
            return None
        number = int(value)
    elif isinstance(value, str) and _INT.fullmatch(value.strip()):
        number = int(value.strip())
    else:
        return None
    if abs(number) > BIGINT:
        return None
    if minimum is not None and number < minimum:
        return None
    if maximum is not None and number > maximum:
        return None
    return number


def parse_id(value) -> int | None:
    """A database id: a positive integer, or None."""
    return parse_int(value, minimum=1)
