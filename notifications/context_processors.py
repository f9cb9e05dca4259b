"""The header's unread badge: counted lazily (only a page that shows the header asks) and
cached for a minute per person, so a page costs at most one small indexed query."""

from django.utils.functional import SimpleLazyObject

from .services.inbox import cached_unread_count


def unread(request):
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: cached_unread_count(user))}
