"""Credit pages: the staff pipeline, application form and page, product settings, repayments and
in-kind advances, and the farmer's ledger. Thin: forms check input, credit.services write,
credit.selectors read (scoped)."""
