from django.contrib import admin

from notices.models import Notice


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
