from django.contrib import admin
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from .models import Notification, Status
from .services import enqueue


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "channel", "recipient", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind", "channel"]
    search_fields = ["dedupe_key", "recipient__email", "recipient__phone"]
    readonly_fields = [f.name for f in Notification._meta.fields]
    actions = ["resend"]

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
        rows = queryset.filter(status__in=[Status.FAILED, Status.PENDING])
        ids = [str(i) for i in rows.values_list("id", flat=True)]
        rows.update(status=Status.PENDING, attempts=0)
        enqueue(ids)
