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
    that a row holds the values a change replaced, shows each row's change against the values
    after it (the next row's, or the record's), and offers no revert (to a "before")."""

    object_history_template = "tebu_site/admin/change_history.html"

    def revert_disabled(self, request, obj=None):
        return True

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        # simple-history compares each row with the one before it, which here is the change
        # before; a row's change here goes from its values to those after it. Rows come newest
        # first, page by page.
        records = list(historical_records)
        if not records:
            return
        history = self.model.history
        first = records[0]
        newer = (
            history.filter(id=first.id, history_date__gt=first.history_date)
            .order_by("history_date", "history_id")
            .first()
        )
        if newer is None:
            live = self.model._base_manager.filter(pk=first.id).first()
            if live is not None:
                newer = history.model(
                    **{
                        field.attname: getattr(live, field.attname)
                        for field in history.model.tracked_fields
                    }
                )
        for record in records:
            if newer is not None and record.history_type != "-":
                delta = newer.diff_against(record, foreign_keys_are_objs=foreign_keys_are_objs)
                helper = self.get_historical_record_context_helper(request, record)
                record.history_delta_changes = helper.context_for_delta_changes(delta)
            newer = record
