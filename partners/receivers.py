"""Every mill starts with the default positions and the E-Farming chain for plot drawings, so
a plot never waits on a chain that does not exist; managers change them in the admin."""

from __future__ import annotations

from django.db.models.signals import post_save


def _mill_created(sender, instance, created, raw=False, **kwargs) -> None:
    if created and not raw:
        from partners.services.approvals import ensure_plot_drawing_chain

        ensure_plot_drawing_chain(instance)


def connect() -> None:
    from partners.models import Mill

    post_save.connect(_mill_created, sender=Mill, dispatch_uid="partners_mill_chain")
