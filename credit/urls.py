"""Credit pages, mounted at /credit/ (the API is at /api/credit/)."""

from django.urls import path

from credit.views import limits, money, pipeline, portal, products, windows
from credit.views.applications import approvals, assessment, documents, form, page, tranches

urlpatterns = [
    path("", pipeline.pipeline, name="credit-pipeline"),
    path("applications/new/", form.application_new, name="credit-application-new"),
    path("applications/waiting-on-me/", approvals.approval_queue, name="credit-approvals"),
    path(
        "applications/<int:pk>/approve/",
        approvals.application_approve,
        name="credit-application-approve",
    ),
    path(
        "applications/<int:pk>/send-back/",
        approvals.application_send_back,
        name="credit-application-send-back",
    ),
    path("applications/ceiling/", form.ceiling_json, name="credit-ceiling"),
    path("applications/<int:pk>/", page.application_detail, name="credit-application"),
    path(
        "applications/<int:pk>/edit/",
        form.application_edit,
        name="credit-application-edit",
    ),
    path(
        "applications/<int:pk>/move/<slug:to>/",
        page.application_move,
        name="credit-application-move",
    ),
    path("applications/<int:pk>/interview/", assessment.interview, name="credit-interview"),
    path("applications/<int:pk>/plot-visit/", assessment.plot_visit, name="credit-plot-visit"),
    path("applications/<int:pk>/tranches/new/", tranches.tranche_add, name="credit-tranche-add"),
    path(
        "applications/<int:pk>/window-exception/",
        windows.application_window_exception,
        name="credit-application-window-exception",
    ),
    path(
        "applications/<int:pk>/guarantee/",
        limits.application_guarantee,
        name="credit-application-guarantee",
    ),
    path("documents/<int:pk>/upload/", documents.document_upload, name="credit-document-upload"),
    path("documents/<int:pk>/verify/", documents.document_verify, name="credit-document-verify"),
    path("documents/<int:pk>/reject/", documents.document_reject, name="credit-document-reject"),
    path(
        "documents/<int:pk>/download/",
        documents.document_download,
        name="credit-document-download",
    ),
    path("tranches/<int:pk>/paid/", tranches.tranche_paid, name="credit-tranche-paid"),
    path("products/", products.product_list, name="credit-product-list"),
    path("products/new/", products.product_form, name="credit-product-new"),
    path("products/<int:pk>/", products.product_tranches, name="credit-product-tranches"),
    path("products/<int:pk>/edit/", products.product_form, name="credit-product-edit"),
    path("products/<int:pk>/windows/", windows.product_windows, name="credit-product-windows"),
    path(
        "products/<int:pk>/window-exceptions/",
        windows.product_window_exception,
        name="credit-product-window-exception",
    ),
    path(
        "products/<int:pk>/first-harvest-bands/", limits.product_bands, name="credit-product-bands"
    ),
    path("packages/new/", products.package_form, name="credit-package-new"),
    path("packages/<int:pk>/edit/", products.package_form, name="credit-package-edit"),
    path("repayments/new/", money.repayment_new, name="credit-repayment-new"),
    path("in-kind/new/", money.in_kind_new, name="credit-in-kind-new"),
    path("farmers/<int:pk>/ledger/", money.farmer_ledger, name="credit-farmer-ledger"),
    path("farmers/<int:pk>/fertiliser/", limits.fertiliser_draw, name="credit-fertiliser-draw"),
    path("my/", portal.my_ledger, name="credit-portal-ledger"),
]
