"""Organizers read the whole record here, non-public entries included; nobody can change it."""

from django.contrib import admin

from .models import Entry


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = ["at", "cycle", "action", "role", "actor", "object_label", "public"]
    list_filter = ["action", "role", "public", "cycle__municipality"]
    search_fields = ["object_label", "reason", "action"]
    date_hierarchy = "at"
    list_select_related = ["cycle__municipality", "actor"]
    readonly_fields = [f.name for f in Entry._meta.fields]

    def get_queryset(self, request):
        entries = super().get_queryset(request)
        if request.user.is_superuser:
            return entries
        return entries.filter(cycle__municipality_id__in=request.user.organizer_municipality_ids)

    def has_view_permission(self, request, obj=None):
        user = request.user
        return user.is_active and (user.is_superuser or user.is_organizer)

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    # the record is append-only: the application offers no way to add, change or delete an entry
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
