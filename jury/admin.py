from django.contrib import admin

from .models import Assignment, Criterion, Juror, Shortlist, ShortlistEntry


@admin.register(Juror)
class JurorAdmin(admin.ModelAdmin):
    list_display = ["user", "cycle", "is_chair", "reminded_at"]
    list_filter = ["cycle"]
    autocomplete_fields = ["user"]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["name_ka", "name_en", "cycle", "weight", "max_score", "position"]
    list_filter = ["cycle"]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    """Read-only: assignments change through the jury's own actions, never by hand."""

    list_display = ["juror", "proposal", "status", "submitted_at"]
    list_filter = ["status", "juror__cycle"]
    readonly_fields = [f.name for f in Assignment._meta.fields]

    def has_add_permission(self, request):
        return False


class EntryInline(admin.TabularInline):
    model = ShortlistEntry
    extra = 0
    can_delete = False
    readonly_fields = ["proposal", "rank", "score", "normalized", "shortlisted", "reason"]
    fields = readonly_fields


@admin.register(Shortlist)
class ShortlistAdmin(admin.ModelAdmin):
    list_display = ["cycle", "published_at", "published_by", "size"]
    readonly_fields = ["cycle", "published_at", "published_by", "justification", "size"]
    inlines = [EntryInline]

    def has_add_permission(self, request):
        return False
