"""Signals this app sends so that higher apps act on a sample without it importing them (docs:
architecture, "a lower app tells a higher one about an event by a signal")."""

from django.dispatch import Signal

# Sent after a hand-over flags a sample late or its chain broken (sample): compliance raises one
# event per sample (its rule is idempotent on the subject "sample:<pk>").
sample_flagged = Signal()
# Sent inside the dispute's transaction (dispute, by): the complaints app files a complaint routed
# to QC and answers with it; the dispute keeps its id. No receiver means no complaint desk: the
# service refuses the dispute with a clear message rather than losing it.
sample_disputed = Signal()
