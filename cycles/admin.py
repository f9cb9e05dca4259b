from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError

from . import services
from .models import Community, Cycle, Municipality, PhaseTransition


class CommunityInline(admin.TabularInline):
    model = Community
    extra = 0
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name_ka", "name_en", "slug", "region_ka"]
    search_fields = ["name_ka", "name_en", "slug"]
    inlines = [CommunityInline]


class TransitionInline(admin.TabularInline):
    model = PhaseTransition
    extra = 0
    can_delete = False
    readonly_fields = ["from_phase", "to_phase", "by", "at", "reason"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "year", "phase", "total_budget"]
    list_filter = ["phase", "year", "municipality"]
    search_fields = ["title_ka", "title_en"]
    readonly_fields = ["phase"]
    inlines = [TransitionInline]
    actions = ["advance_phase"]

    @admin.action(description=_("Advance to the next phase"))
    def advance_phase(self, request, queryset):
        for cycle in queryset:
            try:
                services.advance(cycle=cycle, to=cycle.next_phase or cycle.phase, by=request.user)
                self.message_user(
                    request, f"{cycle}: {cycle.get_phase_display()}", messages.SUCCESS
                )
            except DomainError as exc:
                self.message_user(request, f"{cycle}: {exc.message}", messages.ERROR)
