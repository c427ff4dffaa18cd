from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from tebu_site.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "is_active"]
    list_filter = ["role", "is_active", "is_superuser"]
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("Tebu Mitra"), {"fields": ["role", "phone", "must_change_password"]}),
    )
    add_fieldsets = BaseUserAdmin.add_fieldsets + ((_("Tebu Mitra"), {"fields": ["role"]}),)


class ChangeHistoryAdmin(SimpleHistoryAdmin):
    """The history page of a model whose history keeps each change (tebu_site.history): it says
    that a row shows the values a change replaced, not the values it left."""

    object_history_template = "tebu_site/admin/change_history.html"
