from rest_framework.routers import SimpleRouter

from .api import CategoryViewSet, IdeaViewSet

router = SimpleRouter()
router.register("categories", CategoryViewSet, basename="category")
router.register("ideas", IdeaViewSet, basename="idea")

urlpatterns = router.urls
