from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("funded", api.FundedProjectViewSet, basename="funded")

urlpatterns = [
    # under cycles/{id}/: the cycle is the URL's `pk`, so the schema says {id}
    path(
        "cycles/<int:pk>/funded/",
        api.CycleFundedViewSet.as_view({"get": "list", "post": "create"}),
        name="cycle-funded",
    ),
    path(
        "funded/<int:pk>/reports/",
        api.ProblemReportViewSet.as_view({"get": "list", "post": "create"}),
        name="funded-reports",
    ),
    *[
        path(
            f"funded/<int:pk>/reports/<int:report_pk>/{verb}/",
            api.ProblemReportViewSet.as_view({"post": verb}),
            name=f"funded-report-{verb}",
        )
        for verb in ("publish", "reject", "answer")
    ],
    *router.urls,
]
