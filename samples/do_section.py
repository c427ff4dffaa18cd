"""The sample chain on a DO's page (tebu_site.do_page_sections): each sample of the DO's loads with
its steps in plain words and times, the flag when a step was late or skipped, and, for the farmer,
a form to dispute a step."""

from __future__ import annotations

from samples import selectors as reads
from samples.forms import DisputeForm
from samples.models import SampleSettings
from tebu_site.do_page_sections import DoSection


def sample_chain_section(request, delivery_order) -> DoSection | None:
    user = request.user
    samples = reads.samples_of_do(user, delivery_order)
    if not samples:
        return None
    limits = {}
    rows = []
    for sample in samples:
        if sample.mill_id not in limits:
            limits[sample.mill_id] = SampleSettings.for_mill(sample.mill_id)
        rows.append(
            {
                "sample": sample,
                "steps": list(sample.handovers.all()),
                "overdue": reads.overdue(sample, limits[sample.mill_id]),
                "limits": limits[sample.mill_id],
                "disputed": {d.handover_id for d in sample.disputes.all()},
            }
        )
    return DoSection(
        template="samples/do_section.html",
        context={
            "rows": rows,
            "order": delivery_order,
            "is_farmer": user.is_farmer,
            "dispute_form": DisputeForm() if user.is_farmer else None,
        },
        order=50,
    )
