"""Who may do what in a cycle right now: one question (`may`), one check (`check`), asked by the
API's permission class and the pages' decorator before any request body is read.

The answer comes in the order a client should learn it: 401 (who are you?), 403 (not your
municipality, not your role), 409 (the phase table says not now), and only then, for someone
who may act, 400 for what the body got wrong. Services keep their own checks as a second line.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from core.errors import DomainError, Forbidden, NotAuthenticated
from core.pages import refused

from .models import Cycle
from .phases import ACTIONS, require
from .services import has_role

REFUSALS = {
    "resident": _("Only residents of this municipality may do this."),
    "organizer": _("Only organizers of this municipality may do this."),
    "juror": _("Only jurors of this cycle may do this."),
    "point_staff": _("Only officers of this cycle's voting points and organizers may do this."),
}


def may(user, cycle, action) -> bool:
    """Whether `user` may do `action` in `cycle` now: the phase allows it and they have the role."""
    phases, role = ACTIONS[action]
    return cycle.phase in phases and has_role(user, cycle, role)


def check(user, cycle, action) -> None:
    """Raise NotAuthenticated (401), Forbidden (403) or PhaseClosed (409) unless `may`."""
    _phases, role = ACTIONS[action]
    if role != "anyone" and not (user and user.is_authenticated):
        raise NotAuthenticated()
    if not has_role(user, cycle, role):
        raise Forbidden(REFUSALS.get(role))
    require(cycle, action)


def check_organizer(user, municipality=None) -> None:
    """Raise NotAuthenticated (401) or Forbidden (403) unless `user` organizes `municipality`
    or, before a body has named one (setting up a cycle), some municipality."""
    if not (user and user.is_authenticated):
        raise NotAuthenticated()
    if municipality is None:
        allowed = user.is_organizer
    else:
        allowed = user.is_organizer_of(municipality.pk)
    if not allowed:
        raise Forbidden(REFUSALS["organizer"])


def cycle_of(obj) -> Cycle:
    """The cycle an object belongs to (a cycle is its own)."""
    return obj if isinstance(obj, Cycle) else obj.cycle


class CycleAction(BasePermission):
    """DRF permission: `check()` the phase-table action the view names for this request.

    The view says which action each of its DRF actions is (`cycle_actions = {"advance":
    "edit_cycle", "create": "manage_trainings"}`) and, for routes under `cycles/{id}/`, which
    cycle (`get_permission_cycle()`, see CycleScoped). Detail routes are checked on the object
    in `get_object()`, which a view calls before it reads the body. A create whose cycle is in
    the body calls `check()` itself, right after reading that one field.
    """

    def _action(self, view):
        return getattr(view, "cycle_actions", {}).get(view.action)

    def has_permission(self, request, view):
        action = self._action(view)
        if action is None:
            return True
        getter = getattr(view, "get_permission_cycle", None)
        cycle = getter() if getter else None
        if cycle is not None:
            check(request.user, cycle, action)
        elif not (request.user and request.user.is_authenticated):
            raise NotAuthenticated()
        return True

    def has_object_permission(self, request, view, obj):
        action = self._action(view)
        if action is not None:
            check(request.user, cycle_of(obj), action)
        return True


class CycleScoped:
    """A view under `cycles/{id}/`: `self.cycle` is that cycle (404 if there is none), loaded
    once, before the permission check and before the body is read."""

    cycle_url_kwarg = "pk"

    def get_permission_cycle(self):
        if not hasattr(self, "_cycle"):
            self._cycle = get_object_or_404(
                Cycle.objects.select_related("municipality"), pk=self.kwargs[self.cycle_url_kwarg]
            )
        return self._cycle

    @property
    def cycle(self) -> Cycle:
        return self.get_permission_cycle()


def cycle_action_required(action, *, url_kwarg="pk"):
    """Page decorator: load the cycle of the URL, `check()` the action, and pass `cycle=` on.

    Anonymous readers go to the login page; anyone else who may not gets the one 403 (or 409)
    page, in the site's layout, with the reason."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            cycle = get_object_or_404(
                Cycle.objects.select_related("municipality"), pk=kwargs[url_kwarg]
            )
            try:
                check(request.user, cycle, action)
            except NotAuthenticated:
                return redirect_to_login(request.get_full_path())
            except DomainError as exc:
                return refused(request, exc, cycle=cycle)
            return view(request, *args, cycle=cycle, **kwargs)

        return wrapper

    return decorate
