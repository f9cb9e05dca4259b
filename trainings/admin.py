from django.contrib import admin

from .models import Enrollment, TrainingSession


class EnrollmentInline(admin.TabularInline):
    model = Enrollment
    extra = 0
    raw_id_fields = ["user", "enrolled_by"]
    readonly_fields = ["created_at", "promoted_at", "cancelled_at", "reminded_at"]


@admin.register(TrainingSession)
class TrainingSessionAdmin(admin.ModelAdmin):
    list_display = ["title_ka", "cycle", "starts_at", "capacity", "language"]
    list_filter = ["cycle", "language"]
    search_fields = ["title_ka", "title_en", "place"]
    raw_id_fields = ["trainer"]
    inlines = [EnrollmentInline]
