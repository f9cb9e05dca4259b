"""Proposals in the admin are read-only: authors write them and staff assess them through the
pages and the API, whose services keep the status history, notify the authors and write the
public record. An edit here would do none of that."""

from django.contrib import admin

from .models import Attachment, BudgetLine, Proposal, StatusChange


class ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class BudgetLineInline(ReadOnly, admin.TabularInline):
    model = BudgetLine
    extra = 0


class AttachmentInline(ReadOnly, admin.TabularInline):
    model = Attachment
    extra = 0


class StatusChangeInline(ReadOnly, admin.TabularInline):
    model = StatusChange
    extra = 0


@admin.register(Proposal)
class ProposalAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["title", "cycle", "status", "total_cost", "cost_estimate"]
    list_filter = ["cycle", "status"]
    search_fields = ["title", "summary"]
    inlines = [BudgetLineInline, AttachmentInline, StatusChangeInline]
