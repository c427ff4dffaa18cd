from rest_framework.routers import DefaultRouter

from partners.api.views import ContractViewSet, DocumentViewSet, FarmerViewSet, PlotViewSet

router = DefaultRouter()
router.register("farmers", FarmerViewSet, basename="farmer")
router.register("plots", PlotViewSet, basename="plot")
router.register("contracts", ContractViewSet, basename="contract")
router.register("documents", DocumentViewSet, basename="document")

urlpatterns = router.urls
