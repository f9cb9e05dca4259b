"""Organizers look up funded projects here; changes go through the pages and the API, which
check the phase, write the public record and notify followers. So the admin only reads."""

from django.contrib import admin

from .models import Follow, FundedProject, Photo, Update


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class UpdateInline(admin.TabularInline):
    model = Update
    extra = 0
    fields = ["at", "status", "spent", "text_ka", "text_en", "reason", "by"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(FundedProject)
class FundedProjectAdmin(ReadOnly):
    list_display = ["proposal", "cycle", "department", "status", "budget", "spent"]
    list_filter = ["status", "cycle__municipality", "cycle"]
    search_fields = ["proposal__title", "department"]
    list_select_related = ["proposal", "cycle__municipality"]
    inlines = [UpdateInline]


@admin.register(Photo)
class PhotoAdmin(ReadOnly):
    list_display = ["image", "update", "width", "height"]


@admin.register(Follow)
class FollowAdmin(ReadOnly):
    list_display = ["project", "user", "created_at"]
    list_select_related = ["project__proposal", "user"]
