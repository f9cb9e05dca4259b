from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("proposals", api.ProposalViewSet, basename="proposal")

urlpatterns = router.urls
