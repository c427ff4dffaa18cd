"""Signals harvest sends so that higher apps (credit, compliance) act on a DO without harvest
importing them (docs: architecture, "a lower app tells a higher one about an event by a signal").
"""

from django.dispatch import Signal

# Sent when an issued DO pays cane below the contract price (PT SMS Dompu, domain.md 5b): the
# compliance module (domain.md 9) answers it with a mill-side compliance event.
do_paid_below_contract = Signal()
# Sent inside the payment's transaction after a DO payment is recorded (delivery_order, payment):
# the compliance module closes its "DO unpaid" event when the DO is then paid in full.
do_payment_recorded = Signal()

# Sent inside issue_do's transaction with delivery_order and by: a receiver's writes (the credit
# app posts the repayments deducted by the DO) commit or roll back with the issue itself.
do_issued = Signal()
# do_issued for many DOs issued at once (a batch's drafts, settlement_issue_batch), sent inside
# the transaction with delivery_orders (the DOs of distinct farmers) and by. Whoever
# receives do_issued receives this too (a test holds them in step), doing for all the DOs what
# it does for one; a ValidationError rolls the batch back, which is then issued DO by DO.
dos_issued = Signal()
# Sent inside the adjustment's transaction (adjust_do, or the automatic re-settlement after a
# weight or rendemen correction) with delivery_order, by, inputs_before and inputs_after: the
# credit app keeps the repayment it posted from the DO and the TMA tranche it used in step with
# the DO (a receiver raising ValidationError refuses the adjustment).
do_adjusted = Signal()
