"""The "juror" role of a cycle, asked by cycles.services.has_role through civic_budget.wiring."""

from .models import Juror


def is_juror(user, cycle) -> bool:
    if not (user and user.is_authenticated):
        return False
    return Juror.objects.filter(cycle=cycle, user=user).exists()


def is_chair(user, cycle) -> bool:
    if not (user and user.is_authenticated):
        return False
    return Juror.objects.filter(cycle=cycle, user=user, is_chair=True).exists()
