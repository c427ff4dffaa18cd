from django.contrib import admin

from sms.models import InboundSms


@admin.register(InboundSms)
class InboundSmsAdmin(admin.ModelAdmin):
    list_display = ("received_at", "number", "farmer", "command", "outcome")
    list_filter = ("outcome", "command")
    search_fields = ("number", "text", "farmer__name")
    readonly_fields = [f.name for f in InboundSms._meta.fields]
