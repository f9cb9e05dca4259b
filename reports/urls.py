from django.urls import path

from . import views

urlpatterns = [
    path("cycles/<int:pk>/dashboard/", views.dashboard, name="cycle-dashboard"),
    path(
        "cycles/<int:pk>/dashboard/<slug:table>.csv",
        views.dashboard_csv,
        name="cycle-dashboard-csv",
    ),
]
