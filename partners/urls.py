from django.urls import path

from partners.views import portal
from partners.views.home import home
from partners.views.staff import contracts, documents, farmers, plots, transfer

urlpatterns = [
    path("", home, name="home"),
    # Staff: farmers
    path("farmers/", farmers.farmer_list, name="farmer-list"),
    path("farmers/new/", farmers.farmer_create, name="farmer-create"),
    path("farmers/export/", transfer.farmer_export, name="farmer-export"),
    path("farmers/<int:pk>/", farmers.farmer_detail, name="farmer-detail"),
    path("farmers/<int:pk>/edit/", farmers.farmer_edit, name="farmer-edit"),
    path("farmers/<int:pk>/login/", farmers.farmer_login, name="farmer-login"),
    path("farmers/<int:farmer_pk>/plots/new/", plots.plot_create, name="plot-create"),
    path(
        "farmers/<int:farmer_pk>/contracts/new/", contracts.contract_create, name="contract-create"
    ),
    path(
        "farmers/<int:farmer_pk>/documents/new/", documents.document_upload, name="document-upload"
    ),
    # Staff: plots and their registration
    path("plots/", plots.plot_list, name="plot-list"),
    path("plots/export/", transfer.plot_export, name="plot-export"),
    path("plots/waiting-on-me/", plots.plot_approvals, name="plot-approvals"),
    path("plots/preview/", plots.geometry_preview, name="geometry-preview"),
    path("plots/<int:pk>/", plots.plot_detail, name="plot-detail"),
    path("plots/<int:pk>/edit/", plots.plot_edit, name="plot-edit"),
    path("plots/<int:pk>/survey/", plots.plot_survey, name="plot-survey"),
    path("plots/<int:pk>/step/<slug:action>/", plots.plot_step, name="plot-step"),
    path(
        "plots/<int:pk>/overlaps/<int:overlap_pk>/release/",
        plots.overlap_release,
        name="overlap-release",
    ),
    # Contracts (the page is shared with the farmer, scoped)
    path("contracts/<int:pk>/", contracts.contract_detail, name="contract-detail"),
    path("contracts/<int:pk>/edit/", contracts.contract_edit, name="contract-edit"),
    path("contracts/<int:pk>/sign/", contracts.contract_sign, name="contract-sign"),
    path("contracts/<int:pk>/renew/", contracts.contract_renew, name="contract-renew"),
    path("contracts/<int:pk>/cancel/", contracts.contract_cancel, name="contract-cancel"),
    # Documents (download is shared with the farmer, scoped)
    path("documents/<int:pk>/download/", documents.document_download, name="document-download"),
    path("documents/<int:pk>/verify/", documents.document_verify, name="document-verify"),
    # Bulk import
    path("registry/import/", transfer.import_page, name="registry-import"),
    # The farmer's own pages
    path("me/", portal.my_profile, name="my-profile"),
    path("me/plots/", portal.my_plots, name="my-plots"),
    path("me/contracts/", portal.my_contracts, name="my-contracts"),
]
