from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("notifications", api.NotificationViewSet, basename="notification")
router.register("me/devices", api.DeviceViewSet, basename="device")

urlpatterns = router.urls
