from django.db import transaction

from .models import Proposal, StatusChange


def proposal_set_status(*, proposal: Proposal, status: str, by=None, reason="") -> Proposal:
    """Every status change of a proposal goes through here and is recorded with who and when."""
    with transaction.atomic():
        old = proposal.status
        if old == status:
            return proposal
        Proposal.objects.filter(pk=proposal.pk).update(status=status)
        proposal.status = status
        StatusChange.objects.create(
            proposal=proposal, from_status=old, to_status=status, by=by, reason=reason
        )
    return proposal
