from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError

from . import services
from .models import Community, Cycle, Municipality, PhaseTransition
from .permissions import may


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

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
    """Cycles are set up and edited through the services, as in the API: the public record
    sees every change of budget, rules or schedule made here, and a closed cycle (or one of a
    municipality the user does not organize) is read-only."""

    list_display = ["__str__", "year", "phase", "total_budget"]
    list_filter = ["phase", "year", "municipality"]
    search_fields = ["title_ka", "title_en"]
    fields = ["municipality", "phase", *Cycle.EDITABLE_FIELDS]
    inlines = [TransitionInline]
    actions = ["advance_phase"]

    def get_readonly_fields(self, request, obj=None):
        # a cycle never moves to another municipality; its phase moves only by advancing
        if obj is None:
            return ["phase"]
        # once voting opens the rules of the vote are frozen: shown, not editable
        frozen = [] if may(request.user, obj, "change_voting_rules") else Cycle.VOTING_RULE_FIELDS
        return ["municipality", "phase", *frozen]

    def has_change_permission(self, request, obj=None):
        if obj is not None and not may(request.user, obj, "edit_cycle"):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # the record and every later step point at the cycle

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except DomainError as exc:  # raised by the service inside the admin's transaction
            for error in [e for errors in exc.fields.values() for e in errors] or [exc.message]:
                self.message_user(request, error, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        if change:
            data = {f: form.cleaned_data[f] for f in form.changed_data if f in form.cleaned_data}
            saved = services.cycle_update(cycle=obj, by=request.user, data=data)
        else:
            # a blank date in the add form means "the default schedule's"
            data = {f: v for f, v in form.cleaned_data.items() if v is not None}
            saved = services.cycle_create(by=request.user, data=data)
        obj.pk = saved.pk

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
