"""The application: the phone form (with the ceiling computed and shown), its page with steps,
documents, interview, plot visit, collateral, tranches, repayments and history, and the workflow
buttons. Every write goes through credit.services; every read is scoped by credit.selectors.

Modules: form (the form and its ceiling), page (the page and the workflow moves), documents,
assessment (interview and plot visit) and tranches.
"""
