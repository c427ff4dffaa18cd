"""Credit writes: each service checks the caller's role and scope and raises ValidationError
with a clear message. Modules: products, applications, documents, workflow, disbursements,
repayments, in_kind, notices."""
