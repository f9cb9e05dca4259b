"""Reference names are stored in Georgian and English side by side (`name_ka`, `name_en`)."""

from django.utils.translation import get_language


class Translated:
    """`name = Translated("name")` reads `name_en` when English is active, `name_ka` otherwise
    (and falls back to Georgian where no English text was given)."""

    def __init__(self, field):
        self.field = field

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        lang = (get_language() or "ka")[:2]
        value = getattr(obj, f"{self.field}_{lang}", "") if lang in ("ka", "en") else ""
        return value or getattr(obj, f"{self.field}_ka")


def both(obj, field) -> dict:
    """{"ka": .., "en": ..} of a translated field, for a notification rendered later in each
    recipient's own language (English falls back to Georgian)."""
    ka = getattr(obj, f"{field}_ka")
    return {"ka": ka, "en": getattr(obj, f"{field}_en") or ka}
