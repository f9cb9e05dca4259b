"""Points are set up and run through their pages and the API, which check the phase and write
the public record; the admin only reads."""

from django.contrib import admin

from .models import PointMember, VotingPoint


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(VotingPoint)
class VotingPointAdmin(ReadOnly):
    list_display = ["name", "cycle", "community", "status", "opens_at", "closes_at"]
    list_filter = ["status", "cycle__municipality"]
    list_select_related = ["cycle__municipality", "community"]
    search_fields = ["name", "address"]


@admin.register(PointMember)
class PointMemberAdmin(ReadOnly):
    list_display = ["point", "user", "role", "added_at"]
    list_filter = ["role"]
    list_select_related = ["point", "user"]
