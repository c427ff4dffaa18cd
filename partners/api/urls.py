from rest_framework.routers import DefaultRouter

from partners.api.harvest import ROUTES as HARVEST_ROUTES
from partners.api.views import ContractViewSet, DocumentViewSet, FarmerViewSet, PlotViewSet

router = DefaultRouter()
router.register("farmers", FarmerViewSet, basename="farmer")
router.register("plots", PlotViewSet, basename="plot")
router.register("contracts", ContractViewSet, basename="contract")
router.register("documents", DocumentViewSet, basename="document")

# Harvest to payment (issue 5)
for prefix, viewset, basename in HARVEST_ROUTES:
    router.register(prefix, viewset, basename=basename)

urlpatterns = router.urls
