from django.contrib import admin

from .models import Attachment, BudgetLine, Proposal, StatusChange


class BudgetLineInline(admin.TabularInline):
    # read-only: the total is recomputed only when the authors save through the services
    model = BudgetLine
    extra = 0
    can_delete = False
    readonly_fields = ["item", "quantity", "unit", "unit_cost"]

    def has_add_permission(self, request, obj=None):
        return False


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    readonly_fields = ["kind", "size", "uploaded_by", "created_at"]


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "by", "at", "reason"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["title", "cycle", "status", "total_cost", "cost_estimate"]
    list_filter = ["cycle", "status"]
    search_fields = ["title", "summary"]
    # status and totals change only through the services (history, notifications, record)
    readonly_fields = ["status", "total_cost", "submitted_at", "valued_at", "valued_by"]
    raw_id_fields = ["idea", "created_by"]
    inlines = [BudgetLineInline, AttachmentInline, StatusChangeInline]
