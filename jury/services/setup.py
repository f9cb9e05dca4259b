"""Setting up the jury: organizers seat the jurors and set the scoring criteria."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.errors import Conflict, Invalid
from cycles.permissions import check
from cycles.phases import allows
from record import services as record

from ..models import Criterion, Juror, Score
from ..ranking import is_published
from .review import assign, reviewed


def juror_add(*, cycle, by, user, is_chair=False) -> Juror:
    """Organizers seat jurors of their cycle; one seat per person, one chair (DB constraints)."""
    check(by, cycle, "manage_jury")
    if not user.is_active:
        raise Invalid(fields={"user": [_("This account is not active.")]})
    with transaction.atomic():
        try:
            with transaction.atomic():
                juror = Juror.objects.create(cycle=cycle, user=user, is_chair=is_chair)
        except IntegrityError:
            if Juror.objects.filter(cycle=cycle, user=user).exists():
                raise Conflict(_("This person is already on the jury.")) from None
            raise Conflict(_("This jury already has a chair.")) from None
        record.log(
            cycle=cycle,
            actor=by,
            action="juror_added",
            obj=juror,
            data={"juror": user.name, "chair": is_chair},
            public=False,  # the jury is named publicly with the shortlist, not before
        )
        if (
            allows(cycle.phase, "score")
            and not cycle.jurors_per_proposal
            and not is_published(cycle)
        ):
            # everyone scores everything: a juror seated during review gets it all too
            assign(cycle, proposals=reviewed(cycle), jurors=[juror])
    return juror


def criterion_add(*, cycle, by, data) -> Criterion:
    """Organizers set the criteria, until the first score is saved (then they are fixed)."""
    check(by, cycle, "manage_jury")
    if Score.objects.filter(criterion__cycle=cycle).exists():
        raise Conflict(_("Criteria cannot change once jurors have started scoring."))
    last = Criterion.objects.filter(cycle=cycle).order_by("-position").first()
    data.setdefault("position", (last.position + 1) if last else 0)
    try:
        with transaction.atomic():
            criterion = Criterion.objects.create(cycle=cycle, **data)
            record.log(
                cycle=cycle,
                actor=by,
                action="criterion_added",
                obj=criterion,
                data={"weight": str(criterion.weight), "max_score": criterion.max_score},
            )
    except IntegrityError:
        raise Invalid(
            fields={"name": [_("This cycle already has a criterion with this name.")]}
        ) from None
    return criterion
