"""What organizers and jurors do with the jury: one function per action, split by meaning.

`setup`: organizers seat jurors and set criteria. `review`: assignments are made when
`jury_review` opens (`open_review`, wired in civic_budget.wiring.PHASE_ENTERED); jurors score
blind and declare conflicts; the chair or an organizer reopens a submitted sheet; jurors with
work left are reminded. `shortlist`: organizers publish what goes on the ballot, and voting
cannot open before (`guard_shortlist_published`, wired in PHASE_GUARDS).
"""

from .review import (
    assignments_create,
    conflict_declare,
    juror_remind,
    open_review,
    scores_reopen,
    scores_save,
)
from .setup import criterion_add, juror_add
from .shortlist import guard_shortlist_published, shortlist_publish, unscored_sheets

__all__ = [
    "assignments_create",
    "conflict_declare",
    "criterion_add",
    "guard_shortlist_published",
    "juror_add",
    "juror_remind",
    "open_review",
    "scores_reopen",
    "scores_save",
    "shortlist_publish",
    "unscored_sheets",
]
