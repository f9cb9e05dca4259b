from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("trainings", api.TrainingSessionViewSet, basename="training")
router.register("enrollments", api.EnrollmentViewSet, basename="enrollment")

urlpatterns = router.urls
