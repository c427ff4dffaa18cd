from django.urls import path
from rest_framework.routers import DefaultRouter

from credit.api.views import (
    ApplicationDocumentViewSet,
    CreditApplicationViewSet,
    CreditProductViewSet,
    DisbursementViewSet,
    FarmerLedgerView,
    LedgerView,
    RepaymentViewSet,
    WindowExceptionViewSet,
)

router = DefaultRouter()
router.register("products", CreditProductViewSet, basename="credit-product")
router.register("applications", CreditApplicationViewSet, basename="credit-application")
router.register("documents", ApplicationDocumentViewSet, basename="credit-document")
router.register("disbursements", DisbursementViewSet, basename="credit-disbursement")
router.register("repayments", RepaymentViewSet, basename="credit-repayment")
router.register("window-exceptions", WindowExceptionViewSet, basename="credit-window-exception")

urlpatterns = [
    path("ledger/", LedgerView.as_view(), name="credit-api-ledger-own"),
    path("ledger/<int:farmer_id>/", FarmerLedgerView.as_view(), name="credit-api-ledger"),
    *router.urls,
]
