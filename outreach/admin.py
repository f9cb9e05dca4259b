"""Broadcasts are sent through the organizer's page or the API, which count, confirm, cap and
write the public record; reminders are sent by the schedule. So the admin only reads."""

from django.contrib import admin

from .models import Broadcast, Reminder


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Broadcast)
class BroadcastAdmin(ReadOnly):
    list_display = ["sent_at", "cycle", "community", "channels", "recipients", "sms_count"]
    list_filter = ["cycle__municipality", "cycle"]
    list_select_related = ["cycle__municipality", "community"]
    search_fields = ["text_ka", "text_en"]
    date_hierarchy = "sent_at"


@admin.register(Reminder)
class ReminderAdmin(ReadOnly):
    list_display = ["cycle", "kind", "sent_at"]
    list_filter = ["kind"]
    list_select_related = ["cycle__municipality"]
