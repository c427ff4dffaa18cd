"""Credit pages, mounted at /credit/ (the API is at /api/credit/)."""

from django.urls import path

from credit.views import applications, money, pipeline, portal, products

urlpatterns = [
    path("", pipeline.pipeline, name="credit-pipeline"),
    path("applications/new/", applications.application_new, name="credit-application-new"),
    path("applications/ceiling/", applications.ceiling_json, name="credit-ceiling"),
    path("applications/<int:pk>/", applications.application_detail, name="credit-application"),
    path(
        "applications/<int:pk>/edit/",
        applications.application_edit,
        name="credit-application-edit",
    ),
    path(
        "applications/<int:pk>/move/<slug:to>/",
        applications.application_move,
        name="credit-application-move",
    ),
    path("applications/<int:pk>/interview/", applications.interview, name="credit-interview"),
    path("applications/<int:pk>/plot-visit/", applications.plot_visit, name="credit-plot-visit"),
    path(
        "applications/<int:pk>/tranches/new/", applications.tranche_add, name="credit-tranche-add"
    ),
    path("documents/<int:pk>/upload/", applications.document_upload, name="credit-document-upload"),
    path("documents/<int:pk>/verify/", applications.document_verify, name="credit-document-verify"),
    path("documents/<int:pk>/reject/", applications.document_reject, name="credit-document-reject"),
    path(
        "documents/<int:pk>/download/",
        applications.document_download,
        name="credit-document-download",
    ),
    path("tranches/<int:pk>/paid/", applications.tranche_paid, name="credit-tranche-paid"),
    path("products/", products.product_list, name="credit-product-list"),
    path("products/new/", products.product_form, name="credit-product-new"),
    path("products/<int:pk>/", products.product_tranches, name="credit-product-tranches"),
    path("products/<int:pk>/edit/", products.product_form, name="credit-product-edit"),
    path("packages/new/", products.package_form, name="credit-package-new"),
    path("packages/<int:pk>/edit/", products.package_form, name="credit-package-edit"),
    path("repayments/new/", money.repayment_new, name="credit-repayment-new"),
    path("in-kind/new/", money.in_kind_new, name="credit-in-kind-new"),
    path("farmers/<int:pk>/ledger/", money.farmer_ledger, name="credit-farmer-ledger"),
    path("my/", portal.my_ledger, name="credit-portal-ledger"),
]
