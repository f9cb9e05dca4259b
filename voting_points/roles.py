"""The `point_staff` role of the phase table (civic_budget.wiring.CYCLE_ROLES): the cycle's
organizers and the officers of any of its voting points. Which point an officer may act at is
asked next, by the services, once the point is known."""

from .models import MemberRole, PointMember


def is_point_staff(user, cycle) -> bool:
    if user.is_organizer_of(cycle.municipality_id):
        return True
    return PointMember.objects.filter(
        point__cycle=cycle, user=user, role=MemberRole.OFFICER
    ).exists()
