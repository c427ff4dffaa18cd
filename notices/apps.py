from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "notices"
    verbose_name = _("Notices")

    def ready(self):
        from notices.selectors import unread_count
        from tebu_site.notice_bell import register_unread_counter

        register_unread_counter(unread_count)
