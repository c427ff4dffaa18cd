from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SmsConfig(AppConfig):
    """Two-way SMS: the gateway's delivery reports and the farmers' commands by SMS.

    An app of its own, at the top floor with compliance and complaints, not inside notices: the
    commands read harvest and credit, which sit above notices and which notices may not import.
    """

    default_auto_field = "django.db.models.BigAutoField"
    name = "sms"
    verbose_name = _("SMS")
