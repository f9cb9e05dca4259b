"""Ideas: one function per user action, split by who acts. Pages and the API call the same ones.

- submission: residents submit, edit, withdraw and add photos
- drafts: the idea being written, kept on the server with its photos
- paper: staff type in paper forms; residents claim them by phone
- screening: organizers screen and merge
- categories: organizers set up the cycle's categories
"""

from .categories import category_create, category_update
from .drafts import draft_add_images, draft_discard, draft_remove_image, draft_save
from .paper import paper_idea_enter, paper_ideas_claim
from .screening import idea_merge, idea_screen, ideas_screen_many, unscreened_ideas
from .submission import (
    idea_add_images,
    idea_remove_image,
    idea_submit,
    idea_update,
    idea_withdraw,
    ideas_left,
)

__all__ = [
    "category_create",
    "category_update",
    "draft_add_images",
    "draft_discard",
    "draft_remove_image",
    "draft_save",
    "idea_add_images",
    "idea_merge",
    "idea_remove_image",
    "idea_screen",
    "idea_submit",
    "idea_update",
    "idea_withdraw",
    "ideas_left",
    "ideas_screen_many",
    "unscreened_ideas",
    "paper_idea_enter",
    "paper_ideas_claim",
]
