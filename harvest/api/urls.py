from rest_framework.routers import SimpleRouter

from harvest.api.market import AuctionPriceViewSet, QualityCheckViewSet, StreamSaleViewSet
from harvest.api.views import (
    DeliveryOrderViewSet,
    DoPaymentViewSet,
    RendemenAnalysisViewSet,
    SettlementSchemeViewSet,
    SptaViewSet,
    WeighingViewSet,
)

# SimpleRouter: the API root at /api/ belongs to partners' DefaultRouter, included first.
router = SimpleRouter()
router.register("sptas", SptaViewSet, basename="spta")
router.register("weighings", WeighingViewSet, basename="weighing")
router.register("rendemen-analyses", RendemenAnalysisViewSet, basename="rendemen-analysis")
router.register("settlement-schemes", SettlementSchemeViewSet, basename="settlement-scheme")
router.register("delivery-orders", DeliveryOrderViewSet, basename="delivery-order")
router.register("do-payments", DoPaymentViewSet, basename="do-payment")
router.register("auction-prices", AuctionPriceViewSet, basename="auction-price")
router.register("stream-sales", StreamSaleViewSet, basename="stream-sale")
router.register("quality-checks", QualityCheckViewSet, basename="quality-check")

urlpatterns = router.urls
