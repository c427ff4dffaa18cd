"""Complaints opened from what lower apps report by signal (they never import this app): a farmer
disputing a step of his rendemen sample's chain (samples.signals.sample_disputed) files a
rendemen complaint, which routing sends to the QC desk."""

from __future__ import annotations

from django.conf import settings as django_settings
from django.dispatch import receiver
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from complaints.models import Category
from complaints.services import TEXT_MAX, file_complaint
from samples.signals import sample_disputed


@receiver(sample_disputed)
def file_sample_dispute(sender, dispute, by, delivery_order=None, **kwargs) -> int:
    """Inside the dispute's transaction: the complaint is filed with it or not at all. Returns
    the complaint's id for the dispute to keep."""
    sample, step = dispute.sample, dispute.handover
    first_load = sample.loads.select_related("spta").order_by("id").first()
    with translation.override(django_settings.LANGUAGE_CODE):
        heading = _("Dispute of sample %(code)s, step '%(step)s' of %(at)s:") % {
            "code": sample.code,
            "step": step.get_step_display(),
            "at": formats.date_format(timezone.localtime(step.at), "j M Y H:i"),
        }
    text = f"{heading}\n{dispute.text}"[:TEXT_MAX]
    complaint = file_complaint(
        by=by,
        farmer=sample.farmer,
        category=Category.RENDEMEN,
        text=text,
        delivery_order=delivery_order,
        spta=first_load.spta if first_load else None,
    )
    return complaint.pk
