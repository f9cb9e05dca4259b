"""What a valid ballot is, per ballot kind. The server is the judge; the client only helps.

`check_choices` turns what a client sent for one envelope into {project_id: points} or says
exactly what is wrong, in words a voter (or the staff member at a voting point) understands.
"""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.parsing import parse_int as _as_int
from cycles.models import BallotKind


class BallotError(ValueError):
    """One message about one envelope's choices; the caller puts it under the right field."""


def check_choices(envelope, projects: dict, choices) -> dict[int, int]:
    """Validate `choices` against `envelope`'s rule; `projects` maps id -> BallotProject."""
    if envelope.ballot_kind == BallotKind.CUMULATIVE:
        return _cumulative(envelope, projects, choices)
    if envelope.ballot_kind == BallotKind.RANKED:
        return _ranked(envelope, projects, choices)
    picked = _project_list(projects, choices)
    if envelope.ballot_kind == BallotKind.APPROVAL:
        if envelope.max_choices and len(picked) > envelope.max_choices:
            raise BallotError(
                # always more than one: more than the maximum, which is at least one
                _("You chose %(n)d projects; this ballot allows at most %(k)d.")
                % {"n": len(picked), "k": envelope.max_choices}
            )
    else:  # knapsack
        total = sum((projects[pid].cost for pid in picked), start=0)
        if total > envelope.budget:
            raise BallotError(
                _(
                    "The projects you chose cost %(total)s GEL together, more than the budget of "
                    "%(budget)s GEL. Remove %(over)s GEL worth of projects."
                )
                % {"total": total, "budget": envelope.budget, "over": total - envelope.budget}
            )
        minimum = envelope.min_total()
        if total < minimum:
            raise BallotError(
                _(
                    "The projects you chose cost %(total)s GEL together; this ballot asks for at "
                    "least %(min)s GEL."
                )
                % {"total": total, "min": minimum.quantize(Decimal("0.01"))}
            )
    return dict.fromkeys(picked, 1)


def _project_list(projects, choices) -> list[int]:
    if isinstance(choices, dict):
        raise BallotError(_("This ballot expects a list of project ids, not points."))
    if not isinstance(choices, (list, tuple)):
        raise BallotError(_("Send the chosen projects as a list of project ids."))
    picked = []
    for raw in choices:
        pid = _as_int(raw)
        if pid is None or pid not in projects:
            raise BallotError(_("%(id)s is not a project on this ballot.") % {"id": raw})
        if pid in picked:
            raise BallotError(_("Project %(id)s is chosen twice.") % {"id": pid})
        picked.append(pid)
    if not picked:
        raise BallotError(_("Choose at least one project."))
    return picked


def _ranked(envelope, projects, choices) -> dict[int, int]:
    """An ordered list of ids (first choice first), or {"id": rank} with ranks 1, 2, ...;
    stored as points by rank: k for the first, k-1 for the next, ..."""
    if isinstance(choices, dict):
        choices = _ranks_to_list(choices)
    picked = _project_list(projects, choices)
    k = envelope.rank_length()
    if len(picked) > k:
        raise BallotError(
            _("You ranked %(n)d projects; this ballot allows at most %(k)d.")
            % {"n": len(picked), "k": k}
        )
    return {pid: envelope.rank_points(place) for place, pid in enumerate(picked, start=1)}


def _ranks_to_list(ranks: dict) -> list:
    by_rank = {}
    for raw_id, raw_rank in ranks.items():
        rank = _as_int(raw_rank)
        if rank is None or rank < 1:
            raise BallotError(
                _("The rank of project %(id)s must be a whole number, 1 or more.") % {"id": raw_id}
            )
        if rank in by_rank:
            raise BallotError(_("Rank %(rank)d is given to two projects.") % {"rank": rank})
        by_rank[rank] = raw_id
    order = sorted(by_rank)
    if order != list(range(1, len(order) + 1)):
        missing = min(set(range(1, len(order) + 1)) - set(order))
        raise BallotError(_("No project is ranked %(rank)d.") % {"rank": missing})
    return [by_rank[rank] for rank in order]


def _cumulative(envelope, projects, choices) -> dict[int, int]:
    if not isinstance(choices, dict):
        raise BallotError(_('This ballot expects points per project, as {"project id": points}.'))
    cap = envelope.per_project_cap
    out = {}
    for raw_id, raw_points in choices.items():
        pid = _as_int(raw_id)
        if pid is None or pid not in projects:
            raise BallotError(_("%(id)s is not a project on this ballot.") % {"id": raw_id})
        points = _as_int(raw_points)
        if points is None or points < 0:
            raise BallotError(
                _("Points for project %(id)s must be a whole number, 0 or more.") % {"id": pid}
            )
        if points:
            out[pid] = out.get(pid, 0) + points
        if out.get(pid, 0) > cap:
            raise BallotError(
                _("You gave %(p)d points to project %(id)s; at most %(m)d per project.")
                % {"p": out[pid], "id": pid, "m": cap}
            )
    total = sum(out.values())
    if total > envelope.points:
        raise BallotError(
            ngettext(
                "You gave %(total)d points in all; you have %(n)d point.",
                "You gave %(total)d points in all; you have %(n)d points.",
                envelope.points,
            )
            % {"total": total, "n": envelope.points}
        )
    if not total:
        raise BallotError(_("Give at least one point to a project."))
    return out
