from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TebuSiteConfig(AppConfig):
    name = "tebu_site"
    verbose_name = _("Tebu Mitra")
