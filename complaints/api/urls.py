from rest_framework.routers import SimpleRouter

from complaints.api.views import ActionItemViewSet, ComplaintViewSet, ForumViewSet

router = SimpleRouter()
router.register("complaints", ComplaintViewSet, basename="complaint")
router.register("forums", ForumViewSet, basename="forum")
router.register("action-items", ActionItemViewSet, basename="action-item")

urlpatterns = router.urls
