"""Pages of the ideas competition: public (list, detail), authors, organizers."""

from .author import idea_claim, idea_edit, idea_submit, idea_withdraw
from .organizer import idea_export, idea_merge, idea_overview, idea_paper, idea_screen
from .public import idea_detail, idea_list

__all__ = [
    "idea_claim",
    "idea_detail",
    "idea_edit",
    "idea_export",
    "idea_list",
    "idea_merge",
    "idea_overview",
    "idea_paper",
    "idea_screen",
    "idea_submit",
    "idea_withdraw",
]
