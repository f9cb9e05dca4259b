"""Publishing the shortlist (what goes on the ballot) and the guard that keeps voting closed
until it is published."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.errors import Conflict, Invalid
from core.translation import both
from cycles.models import Cycle
from cycles.permissions import check
from cycles.phases import require
from notifications.services import notify
from proposals.models import ProposalStatus
from proposals.services import proposal_set_status
from record import services as record

from .. import scoring
from ..models import Shortlist, ShortlistEntry, ShortlistReason
from ..ranking import live_ranking, to_decimal


def _reason(pid, row_scored, chosen, default) -> str:
    if pid in chosen:
        return ShortlistReason.RANKED if pid in default else ShortlistReason.ADDED
    if pid in default:
        return ShortlistReason.REMOVED
    return ShortlistReason.BELOW_CUT if row_scored else ShortlistReason.NOT_SCORED


def shortlist_publish(*, cycle, by, proposal_ids, justification="", min_score=None) -> Shortlist:
    """Organizers publish the ballot's proposals, once; any change to the default is justified."""
    check(by, cycle, "shortlist")
    justification = (justification or "").strip()
    chosen = list(dict.fromkeys(proposal_ids))
    with transaction.atomic():
        cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
        require(cycle, "shortlist")  # again, under the lock: the phase may just have moved
        if Shortlist.objects.filter(cycle=cycle).exists():
            raise Conflict(_("The shortlist of this cycle is already published."))
        ranking = live_ranking(cycle)
        unknown = [pid for pid in chosen if pid not in ranking.proposals]
        if unknown:
            raise Invalid(
                fields={
                    "proposals": [
                        _("Not a feasible proposal of this cycle: %(ids)s.")
                        % {"ids": ", ".join(str(i) for i in unknown)}
                    ]
                }
            )
        if not chosen:
            raise Invalid(fields={"proposals": [_("Choose at least one proposal.")]})
        default = scoring.default_shortlist(ranking.rows, cycle.shortlist_size, min_score)
        added = [pid for pid in chosen if pid not in default]
        removed = [pid for pid in default if pid not in chosen]
        if (added or removed) and not justification:
            raise Invalid(
                fields={
                    "justification": [
                        _(
                            "The shortlist differs from the jury's ranking; explain the change "
                            "in writing."
                        )
                    ]
                }
            )
        try:
            with transaction.atomic():
                shortlist = Shortlist.objects.create(
                    cycle=cycle,
                    published_by=by,
                    justification=justification,
                    size=cycle.shortlist_size,
                    min_score=min_score,
                    normalized=cycle.normalize_scores,
                )
        except IntegrityError:
            raise Conflict(_("The shortlist of this cycle is already published.")) from None
        names = {c.pk: (c.name_ka, c.name_en, c.max_score) for c in ranking.criteria}
        ShortlistEntry.objects.bulk_create(
            [
                ShortlistEntry(
                    shortlist=shortlist,
                    proposal_id=row.proposal,
                    rank=row.rank,
                    score=to_decimal(row.score),
                    normalized=row.normalized,
                    jurors=row.jurors,
                    criteria=[
                        {
                            "criterion": cid,
                            "name_ka": names[cid][0],
                            "name_en": names[cid][1],
                            "max_score": names[cid][2],
                            "average": str(to_decimal(avg)),
                        }
                        for cid, avg in row.criteria.items()
                    ],
                    tied_with=row.tied_with,
                    shortlisted=row.proposal in chosen,
                    reason=_reason(row.proposal, row.rank is not None, chosen, default),
                )
                for row in ranking.rows
            ]
        )
        for row in ranking.rows:
            proposal = ranking.proposals[row.proposal]
            _decide(proposal, cycle, by, row, row.proposal in chosen, justification)
        record.log(
            cycle=cycle,
            actor=by,
            action="shortlist_published",
            obj=shortlist,
            reason=justification,
            data={
                "shortlisted": chosen,
                "default": default,
                "added": added,
                "removed": removed,
                "size": cycle.shortlist_size,
                "min_score": str(min_score) if min_score is not None else None,
                "normalized": cycle.normalize_scores,
            },
        )
        if added or removed:
            # its own entry, so a departure from the jury's ranking stands out in the record
            record.log(
                cycle=cycle,
                actor=by,
                action="shortlist_override",
                obj=shortlist,
                reason=justification,
                data={"added": added, "removed": removed, "default": default},
            )
    return shortlist


def _decide(proposal, cycle, by, row, shortlisted, justification):
    """Set the status and tell the authors, once per proposal (the subject dedupes retries)."""
    status = ProposalStatus.SHORTLISTED if shortlisted else ProposalStatus.NOT_SHORTLISTED
    proposal_set_status(proposal=proposal, status=status, by=by, reason=justification)
    notify(
        "proposal_shortlisted" if shortlisted else "proposal_not_shortlisted",
        proposal.authors(),
        {
            "cycle": cycle.pk,
            "cycle_title": both(cycle, "title"),
            "proposal": proposal.pk,
            "proposal_title": proposal.title,
            "rank": row.rank or "-",
        },
        subject=f"proposal:{proposal.pk}:shortlist",
    )


def guard_shortlist_published(cycle):
    """Voting cannot open before the jury's shortlist is published with at least one proposal."""
    shortlist = Shortlist.objects.filter(cycle=cycle).first()
    if shortlist is None or not shortlist.entries.filter(shortlisted=True).exists():
        raise Conflict(
            _(
                "Voting cannot open yet: publish the jury's shortlist with at least one "
                "proposal first."
            )
        )


def unscored_sheets(cycle) -> list:
    """Before voting: jurors' sheets not submitted (their scores will not count)."""
    from cycles.phases import Unfinished

    from ..models import Assignment, AssignmentStatus

    n = Assignment.objects.filter(juror__cycle=cycle, status=AssignmentStatus.PENDING).count()
    if not n:
        return []
    message = ngettext("%(n)d jury sheet not submitted.", "%(n)d jury sheets not submitted.", n) % {
        "n": n
    }
    return [Unfinished("jury_sheets_not_submitted", n, message)]
