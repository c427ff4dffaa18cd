from rest_framework.routers import DefaultRouter

from partners.api.views import FarmerViewSet, PlotViewSet

router = DefaultRouter()
router.register("farmers", FarmerViewSet, basename="farmer")
router.register("plots", PlotViewSet, basename="plot")

urlpatterns = router.urls
