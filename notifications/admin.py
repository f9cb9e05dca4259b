from django.contrib import admin, messages
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .catalogue import CATALOGUE, label
from .models import Device, Notification, Preference, Status


class KindFilter(admin.SimpleListFilter):
    """Kinds from the catalogue: a DISTINCT over the whole outbox would scan millions of rows."""

    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [(kind, f"{kind} — {label(kind)}") for kind in CATALOGUE]

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "kind",
        "channel",
        "recipient",
        "status",
        "attempts",
        "sent_at",
        "error",
    ]
    list_filter = ["status", KindFilter, "channel"]
    list_select_related = ["recipient"]
    search_fields = ["=dedupe_key", "=recipient__email", "=recipient__phone"]
    readonly_fields = [f.name for f in Notification._meta.fields]
    date_hierarchy = "created_at"
    show_full_result_count = False
    actions = ["resend"]

    def has_add_permission(self, request):
        return False  # rows are written by notify() only

    @admin.display(description=_("last error"))
    def error(self, note):
        return note.last_error[:80]

    def changelist_view(self, request, extra_context=None):
        counts = Notification.objects.aggregate(
            pending=Count("id", filter=Q(status__in=[Status.PENDING, Status.SENDING])),
            failed=Count("id", filter=Q(status=Status.FAILED)),
        )
        extra_context = {
            **(extra_context or {}),
            "title": _("Outbox — pending: %(pending)s, failed: %(failed)s") % counts,
        }
        return super().changelist_view(request, extra_context)

    @admin.action(description=_("Send again (failed or pending rows)"))
    def resend(self, request, queryset):
        count = services.resend(queryset.values_list("id", flat=True))
        self.message_user(
            request,
            ngettext("%(n)d message queued again.", "%(n)d messages queued again.", count)
            % {"n": count},
            messages.SUCCESS if count else messages.WARNING,
        )


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "channel", "enabled", "updated_at"]
    list_filter = ["channel", "enabled"]
    search_fields = ["=user__email", "=user__phone", "kind"]
    raw_id_fields = ["user"]


@admin.register(Device)
class DeviceAdmin(admin.ModelAdmin):
    list_display = ["user", "platform", "created_at", "last_seen_at"]
    list_filter = ["platform"]
    search_fields = ["=user__email", "=user__phone"]
    raw_id_fields = ["user"]
