"""The jury in the admin is read-only: organizers seat jurors, set criteria and publish the
shortlist through the jury pages and the API, whose services keep the rules (criteria fixed
once scoring starts, one chair) and write the record. An edit here would bypass them."""

from django.contrib import admin

from .models import Assignment, Criterion, Juror, Shortlist, ShortlistEntry


class ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Juror)
class JurorAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["user", "cycle", "is_chair", "reminded_at"]
    list_filter = ["cycle"]


@admin.register(Criterion)
class CriterionAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["name_ka", "name_en", "cycle", "weight", "max_score", "position"]
    list_filter = ["cycle"]


@admin.register(Assignment)
class AssignmentAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["juror", "proposal", "status", "submitted_at"]
    list_filter = ["status", "juror__cycle"]


class EntryInline(ReadOnly, admin.TabularInline):
    model = ShortlistEntry
    extra = 0
    fields = ["proposal", "rank", "score", "normalized", "shortlisted", "reason"]


@admin.register(Shortlist)
class ShortlistAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["cycle", "published_at", "published_by", "size"]
    inlines = [EntryInline]
