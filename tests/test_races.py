"""tests/races.py fails a race on anything but a domain error: a crash or a 500 never passes."""

from types import SimpleNamespace

import pytest

from core.errors import Conflict

from .races import race, race_n

pytestmark = pytest.mark.django_db  # the helper closes each thread's connection


def test_results_and_domain_errors_are_kept_in_order():
    def refuse():
        raise Conflict()

    outcomes = race(lambda: 1, refuse, lambda: 3)
    assert outcomes.results == [1, 3] and outcomes.refusals == ["conflict"]
    assert isinstance(outcomes[1], Conflict)


def test_any_other_exception_fails_the_test():
    with pytest.raises(pytest.fail.Exception, match="ZeroDivisionError"):
        race_n(3, lambda i: 1 / (i - 1))


def test_a_500_answer_fails_the_test():
    with pytest.raises(pytest.fail.Exception, match="HTTP 500"):
        race(lambda: SimpleNamespace(status_code=200), lambda: SimpleNamespace(status_code=500))


def test_a_domain_error_not_expected_fails_the_test():
    def refuse():
        raise Conflict()

    with pytest.raises(pytest.fail.Exception, match="Conflict"):
        race(refuse, refuse, expected=())
