"""Organizers look sessions and enrollments up here; scheduling, enrolling and attendance go
through the pages and the API, which check the phase, keep the waitlist in order, notify and
write the record. So the admin only reads."""

from django.contrib import admin
from django.db import models

from .models import Enrollment, TrainingSession


class EnrollmentInline(admin.TabularInline):
    model = Enrollment
    extra = 0
    fields = ["user", "status", "attended", "enrolled_by", "created_at", "promoted_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(TrainingSession)
class TrainingSessionAdmin(admin.ModelAdmin):
    list_display = ["title_ka", "cycle", "starts_at", "capacity", "language"]
    list_filter = ["cycle", "language"]
    search_fields = ["title_ka", "title_en", "place"]
    list_select_related = ["cycle__municipality"]
    inlines = [EnrollmentInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # as the page's form

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(cycle__municipality_id__in=request.user.organizer_municipality_ids)
