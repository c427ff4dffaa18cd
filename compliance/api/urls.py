from rest_framework.routers import DefaultRouter

from compliance.api.views import EventViewSet

router = DefaultRouter()
router.register("events", EventViewSet, basename="compliance-event")

urlpatterns = router.urls
