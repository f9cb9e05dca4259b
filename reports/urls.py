from django.urls import path

from . import views

urlpatterns = [
    path("participation/", views.my_participation, name="my-participation"),
    path("cycles/<int:pk>/dashboard/", views.dashboard, name="cycle-dashboard"),
    path(
        "cycles/<int:pk>/dashboard/<slug:table>.csv",
        views.dashboard_csv,
        name="cycle-dashboard-csv",
    ),
]
