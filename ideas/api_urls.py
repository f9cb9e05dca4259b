from rest_framework.routers import SimpleRouter

from .api import CategoryViewSet, DraftViewSet, IdeaViewSet

router = SimpleRouter()
router.register("categories", CategoryViewSet, basename="category")
# before "ideas": ideas/drafts/ is not an idea's id
router.register("ideas/drafts", DraftViewSet, basename="idea-draft")
router.register("ideas", IdeaViewSet, basename="idea")

urlpatterns = router.urls
