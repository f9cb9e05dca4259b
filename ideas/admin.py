from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from . import screening
from .models import Category, Idea, IdeaImage, IdeaStatus, ScreeningReason


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name_ka", "name_en", "slug", "cycle"]
    list_filter = ["cycle"]
    search_fields = ["name_ka", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


class ImageInline(admin.TabularInline):
    model = IdeaImage
    extra = 0
    readonly_fields = ["image", "thumbnail", "width", "height"]

    def has_add_permission(self, request, obj=None):
        return False  # uploads go through the site, where they are checked and re-encoded


def _screen(modeladmin, request, queryset, decision, reason=""):
    done, errors = screening.ideas_screen_many(
        ideas=queryset.select_related("cycle"), by=request.user, decision=decision, reason=reason
    )
    if done:
        modeladmin.message_user(request, _("%(n)d ideas screened.") % {"n": done}, messages.SUCCESS)
    for error in errors:
        modeladmin.message_user(request, error, messages.ERROR)


def _ineligible_action(reason):
    def act(modeladmin, request, queryset):
        _screen(modeladmin, request, queryset, IdeaStatus.INELIGIBLE, reason.value)

    act.__name__ = f"ineligible_{reason.value}"
    act.short_description = _("Not eligible: %(reason)s") % {"reason": reason.label}
    return act


@admin.action(description=_("Screen as eligible"))
def mark_eligible(modeladmin, request, queryset):
    _screen(modeladmin, request, queryset, IdeaStatus.ELIGIBLE)


@admin.register(Idea)
class IdeaAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "cycle",
        "category",
        "community",
        "estimated_cost",
        "status",
        "channel",
    ]
    list_filter = ["cycle", "status", "channel", "category", "screening_reason"]
    search_fields = ["title", "summary", "paper_author_name", "paper_author_phone"]
    list_select_related = ["cycle__municipality", "category", "community"]
    raw_id_fields = ["author", "co_authors", "merged_into", "entered_by", "screened_by"]
    readonly_fields = ["status", "screened_by", "screened_at", "merged_into", "created_at"]
    inlines = [ImageInline]
    actions = [mark_eligible, *[_ineligible_action(r) for r in ScreeningReason]]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(cycle__municipality_id__in=request.user.organizer_municipality_ids)
