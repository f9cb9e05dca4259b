from datetime import timedelta

from django.utils import timezone

from cycles.models import Cycle
from notifications.models import Notification
from proposals.models import Proposal
from proposals.tasks import remind_proposal_deadline
from tests import factories as f


def test_deadline_reminder_reaches_authors_without_a_submitted_proposal_once(
    training_cycle, author, resident, draft
):
    Cycle.objects.filter(pk=training_cycle.pk).update(
        jury_review_starts=timezone.now() + timedelta(days=2)
    )
    no_proposal = f.IdeaFactory(cycle=training_cycle, author=resident, status="eligible")
    done = f.DraftProposalFactory(cycle=training_cycle)
    Proposal.objects.filter(pk=done.pk).update(status="submitted")
    f.IdeaFactory(cycle=training_cycle, status="submitted")  # not eligible: no reminder

    remind_proposal_deadline.apply()  # as the beat runs it, here
    remind_proposal_deadline.apply()  # as the beat runs it, here

    notes = Notification.objects.filter(kind="proposal_deadline", channel="inapp")
    assert sorted(n.recipient_id for n in notes) == sorted([author.pk, resident.pk])
    assert {n.context["idea"] for n in notes} == {draft.idea_id, no_proposal.pk}
    assert set(notes[0].context["deadline"]) == {"ka", "en"}  # each reads it in their language


def test_no_deadline_reminder_while_the_deadline_is_far(training_cycle, draft):
    remind_proposal_deadline.apply()  # as the beat runs it, here  # the factory's jury review is 60 days away
    assert not Notification.objects.filter(kind="proposal_deadline").exists()
