"""How the public record names roles and actions, in the reader's language.

Actions are plain strings chosen by the services that log them; an unknown one reads as
"Another decision" in the reader's language (its code stays in the API's `action`), so a new
decision is never hidden for want of a label and never shows a code.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

ROLES = {
    "organizer": gettext_lazy("Organizer"),
    "staff": gettext_lazy("Platform administrator"),
    "system": gettext_lazy("Automatic (schedule)"),
    "resident": gettext_lazy("Resident"),
    "juror": gettext_lazy("Juror"),
    "jury_chair": gettext_lazy("Jury chair"),
}

# Roles that act for the municipality's office: shown with it ("Organizer, Terjola municipality").
OFFICE_ROLES = {"organizer"}

ACTIONS = {
    "cycle_created": gettext_lazy("Cycle set up"),
    "attendance_marked": gettext_lazy("Training attendance marked"),
    "criterion_added": gettext_lazy("Jury criterion added"),
    "cycle_changed": gettext_lazy("Cycle budget, rules or schedule changed"),
    "phase_changed": gettext_lazy("Phase changed"),
    "idea_screened": gettext_lazy("Idea screened"),
    "idea_merged": gettext_lazy("Ideas merged"),
    "paper_idea_entered": gettext_lazy("Paper idea entered"),
    "paper_idea_claimed": gettext_lazy("Paper idea claimed by its author"),
    "juror_added": gettext_lazy("Juror appointed"),
    "jury_review_opened": gettext_lazy("Jury review opened"),
    "jury_scores_reopened": gettext_lazy("Jury scores reopened"),
    "jury_conflict_declared": gettext_lazy("Juror declared a conflict of interest"),
    "envelope_created": gettext_lazy("Budget envelope created"),
    "envelope_changed": gettext_lazy("Budget envelope changed"),
    "envelope_deleted": gettext_lazy("Budget envelope deleted"),
    "ballot_frozen": gettext_lazy("Ballot fixed for the vote"),
    "voter_roll_imported": gettext_lazy("Voter roll imported"),
    "proposal_valued": gettext_lazy("Proposal valued by staff"),
    "shortlist_published": gettext_lazy("Shortlist published"),
    "shortlist_override": gettext_lazy("Shortlist override"),
    "voting_point_created": gettext_lazy("Voting point set up"),
    "voting_point_changed": gettext_lazy("Voting point changed"),
    "voting_point_officer_added": gettext_lazy("Voting point officer appointed"),
    "voting_point_officer_removed": gettext_lazy("Voting point officer withdrawn"),
    "voting_point_observer_added": gettext_lazy("Voting point observer admitted"),
    "voting_point_observer_removed": gettext_lazy("Voting point observer withdrawn"),
    "voting_point_opened": gettext_lazy("Voting point opened"),
    "voting_point_closed": gettext_lazy("Voting point closed with its protocol"),
    "paper_ballot_entered": gettext_lazy("Paper ballot entered"),
    "paper_ballot_corrected": gettext_lazy("Paper ballot corrected"),
    "results_published": gettext_lazy("Results counted and published"),
    "project_funded": gettext_lazy("Winning proposal funded"),
    "project_plan_changed": gettext_lazy("Funded project plan changed"),
    "project_updated": gettext_lazy("Implementation progress update"),
    "broadcast_sent": gettext_lazy("Message sent to residents"),
}


def action_label(action: str) -> str:
    label = ACTIONS.get(action)
    if label is not None:
        return str(label)
    return _("Another decision")


def actor_label(role: str, municipality=None) -> str:
    """The public face of an actor: a role and an office, never a private name."""
    name = str(ROLES.get(role) or _("Unknown"))
    if municipality is not None and role in OFFICE_ROLES:
        return _("%(role)s, %(municipality)s municipality") % {
            "role": name,
            "municipality": municipality.name,
        }
    return name
