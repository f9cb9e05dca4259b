from django.urls import path, re_path

from . import views

urlpatterns = [
    path("cycles/<int:pk>/funded/", views.cycle_funded, name="cycle-funded"),
    path("cycles/<int:pk>/funded/new/", views.fund, name="cycle-fund"),
    path("funded/<int:pk>/", views.funded_detail, name="funded-detail"),
    path("funded/<int:pk>/follow/", views.funded_follow, name="funded-follow"),
    path("funded/<int:pk>/update/", views.funded_update, name="funded-update"),
    path("funded/<int:pk>/plan/", views.funded_edit, name="funded-edit"),
    path("funded/<int:pk>/reports/new/", views.funded_report, name="funded-report"),
    re_path(
        r"^funded/(?P<pk>[0-9]+)/reports/(?P<report_pk>[0-9]+)/(?P<verb>publish|reject|answer)/$",
        views.funded_report_moderate,
        name="funded-report-moderate",
    ),
]
