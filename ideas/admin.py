"""Organizers screen ideas here in bulk, through the same service as the pages (so the record
and the authors' notifications happen); the ideas themselves change only through the pages and
the API. Categories are added and renamed through the services too."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cycles.models import Cycle
from cycles.phases import ACTIONS

from . import services
from .models import CATEGORY_FIELDS, Category, Idea, IdeaImage, IdeaStatus, ScreeningReason


def _managed(request, qs, municipality="cycle__municipality_id"):
    """What the admin shows an organizer: their own municipalities' rows."""
    if request.user.is_superuser:
        return qs
    return qs.filter(**{f"{municipality}__in": request.user.organizer_municipality_ids})


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name_ka", "name_en", "slug", "cycle"]
    list_filter = ["cycle"]
    search_fields = ["name_ka", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}

    def get_queryset(self, request):
        return _managed(request, super().get_queryset(request))

    def get_readonly_fields(self, request, obj=None):
        # a category's cycle and slug are fixed once it exists (clients filter by them)
        return ["cycle", "slug"] if obj else []

    def get_prepopulated_fields(self, request, obj=None):
        # a read-only slug cannot be prepopulated (the change page would fail)
        return {} if obj else self.prepopulated_fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "cycle":
            editable = ACTIONS["edit_cycle"][0]
            cycles = Cycle.objects.filter(phase__in=editable).select_related("municipality")
            kwargs["queryset"] = _managed(request, cycles, municipality="municipality_id")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        editable = obj is None or obj.cycle.phase in ACTIONS["edit_cycle"][0]
        return editable and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # ideas point at their category; renaming is the way

    def save_model(self, request, obj, form, change):
        # through the services, which check the organizer and the phase again
        if change:
            category = Category.objects.select_related("cycle").get(pk=obj.pk)
            data = {f: form.cleaned_data[f] for f in CATEGORY_FIELDS}
            services.category_update(by=request.user, category=category, data=data)
        else:
            created = services.category_create(
                by=request.user,
                cycle=obj.cycle,
                name_ka=obj.name_ka,
                name_en=obj.name_en,
                slug=obj.slug,
            )
            obj.pk = created.pk


class ImageInline(admin.TabularInline):
    model = IdeaImage
    extra = 0
    readonly_fields = ["image", "thumbnail", "width", "height"]

    def has_add_permission(self, request, obj=None):
        return False  # uploads go through the site, where they are checked and re-encoded


def _screen(modeladmin, request, queryset, decision, reason=""):
    done, errors = services.ideas_screen_many(
        ideas=queryset.select_related("cycle"), by=request.user, decision=decision, reason=reason
    )
    if done:
        modeladmin.message_user(
            request,
            ngettext("%(n)d idea screened.", "%(n)d ideas screened.", done) % {"n": done},
            messages.SUCCESS,
        )
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
    inlines = [ImageInline]
    actions = [mark_eligible, *[_ineligible_action(r) for r in ScreeningReason]]

    def get_queryset(self, request):
        return _managed(request, super().get_queryset(request))

    def has_add_permission(self, request, obj=None):
        return False  # web, app and paper ideas come in through the pages and the API

    def has_change_permission(self, request, obj=None):
        return False  # authors edit on the site; organizers screen with the actions above

    def has_delete_permission(self, request, obj=None):
        return False
