from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_save, pre_save
from django.utils.translation import gettext_lazy as _


def _validate_numbers_before_save(sender, instance, raw=False, **kwargs):
    # Fixtures (raw) load what was already valid; history rows copy a row that was validated.
    if raw or hasattr(sender, "instance_type"):
        return
    if sender._meta.app_label in settings.PROJECT_APPS:
        from tebu_site.fields import validate_stored_numbers

        validate_stored_numbers(instance)


class TebuSiteConfig(AppConfig):
    name = "tebu_site"
    verbose_name = _("Tebu Mitra")

    def ready(self):
        # Every save of a project model checks its numbers against their declared ranges
        # (tebu_site.fields): one rule for forms, API, imports, services, admin and tasks.
        pre_save.connect(_validate_numbers_before_save, dispatch_uid="tebu_validate_numbers")
        # A farmer's kept pages go out of date with any row of his saved (tebu_site.farmer_pages).
        # Connected per model that hangs from a farmer: a receiver for every model would make
        # every delete fetch its rows one by one (Django's fast delete needs no listener).
        from django.apps import apps

        from tebu_site.farmer_pages import farmer_path, row_saved

        for model in apps.get_models():
            if farmer_path(model) is not None:
                post_save.connect(
                    row_saved, sender=model, dispatch_uid=f"tebu_farmer_pages_{model._meta.label}"
                )
        # drf-spectacular finds its extensions by import: the schema then names our
        # authentication classes as the session and token schemes they are.
        from tebu_site import schema  # noqa: F401
