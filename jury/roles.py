"""Who may act in a cycle's jury, asked the same way by the API (before the body is read), the
pages and the services: the "juror" role (cycles.services.has_role asks it through
civic_budget.wiring), a juror's own assignment, and who may reopen a submitted score sheet."""

from django.utils.translation import gettext_lazy as _

from core.errors import DomainError, Forbidden, NotAuthenticated
from cycles.permissions import check
from cycles.phases import require
from cycles.services import has_role

from .models import Juror

REOPEN_REFUSED = _("Only the jury chair or an organizer may reopen scores.")
NOT_YOURS = _("This assignment belongs to another juror.")


def is_juror(user, cycle) -> bool:
    if not (user and user.is_authenticated):
        return False
    return Juror.objects.filter(cycle=cycle, user=user).exists()


def assignment_check(user, assignment, action) -> None:
    """A juror acts on their own assignments only: 401 unless signed in, 403 unless it is
    theirs, 409 unless the phase allows `action` (`score`, `declare_conflict`)."""
    if not (user and user.is_authenticated):
        raise NotAuthenticated()
    if assignment.juror.user_id != user.pk:
        raise Forbidden(NOT_YOURS)
    check(user, assignment.juror.cycle, action)


def reopen_check(user, cycle) -> None:
    """The chair of the jury or an organizer reopens a submitted sheet, during review: 401
    unless signed in, 403 for anyone else, 409 when the phase does not allow `reopen_scores`.
    (The phase table names organizers; the chair is the jury's own addition.)"""
    if not (user and user.is_authenticated):
        raise NotAuthenticated()
    chair = Juror.objects.filter(cycle=cycle, user_id=user.pk, is_chair=True)
    if not (has_role(user, cycle, "organizer") or chair.exists()):
        raise Forbidden(REOPEN_REFUSED)
    require(cycle, "reopen_scores")


def may_reopen(user, cycle) -> bool:
    """Whether `reopen_check` lets `user` reopen sheets of `cycle` now."""
    try:
        reopen_check(user, cycle)
    except DomainError:
        return False
    return True
