from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("municipalities", api.MunicipalityViewSet, basename="municipality")
router.register("cycles", api.CycleViewSet, basename="cycle")

urlpatterns = router.urls
