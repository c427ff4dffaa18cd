from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from notices.models import MillSmsSettings, Notice, NoticePreference, PhoneVerification


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "channel",
        "event",
        "farmer",
        "recipient",
        "status",
        "delivery_status",
    )
    list_filter = ("channel", "status", "delivery_status", "event")
    search_fields = ("subject", "body", "address", "farmer__name", "gateway_id")
    readonly_fields = [f.name for f in Notice._meta.fields]


@admin.register(MillSmsSettings)
class MillSmsSettingsAdmin(admin.ModelAdmin):
    list_display = ("mill", "quiet_from", "quiet_until")


@admin.register(NoticePreference)
class NoticePreferenceAdmin(SimpleHistoryAdmin):
    """Staff set a farmer's choice for him (a farmer without a login asks at the field office)."""

    list_display = ("farmer", "channels", "quiet_from", "quiet_until", "updated_at")
    list_filter = ("channels",)
    search_fields = ("farmer__name", "farmer__nik")
    autocomplete_fields = ("farmer",)


@admin.register(PhoneVerification)
class PhoneVerificationAdmin(admin.ModelAdmin):
    """Read only: a number is verified by its code, never by hand. The code's hash is not shown."""

    list_display = ("farmer", "number", "created_at", "attempts", "verified_at")
    search_fields = ("farmer__name", "number")
    list_filter = ("verified_at",)
    fields = ("farmer", "number", "created_at", "expires_at", "attempts", "verified_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
