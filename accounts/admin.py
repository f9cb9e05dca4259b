from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Role, User


class RoleInline(admin.TabularInline):
    model = Role
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["-date_joined"]
    list_display = ["name", "email", "phone", "phone_verified", "municipality", "is_staff"]
    list_filter = ["is_staff", "phone_verified", "municipality", "language"]
    search_fields = ["name", "email", "phone"]
    inlines = [RoleInline]
    fieldsets = [
        (None, {"fields": ["email", "phone", "phone_verified", "password"]}),
        (
            _("Resident"),
            {"fields": User.PROFILE_FIELDS},
        ),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
    ]
    add_fieldsets = [
        (
            None,
            {"classes": ["wide"], "fields": ["email", "phone", "name", "password1", "password2"]},
        )
    ]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "municipality"]
    list_filter = ["kind", "municipality"]
    autocomplete_fields = ["user"]
