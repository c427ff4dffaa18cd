from rest_framework.routers import DefaultRouter

from surveys.api.views import ResponseViewSet, RoundViewSet

router = DefaultRouter()
router.register("rounds", RoundViewSet, basename="survey-round")
router.register("responses", ResponseViewSet, basename="survey-response")

urlpatterns = router.urls
