from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SamplesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "samples"
    verbose_name = _("Sample chain of custody")

    def ready(self) -> None:
        # The farmer's and the staff's DO pages (harvest) show each sample's chain through the
        # tebu_site registry: harvest never imports this app.
        from samples.do_section import sample_chain_section
        from tebu_site.do_page_sections import register_do_section

        register_do_section(sample_chain_section)
