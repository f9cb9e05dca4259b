from django.urls import path

from . import views

urlpatterns = [
    path("cycles/<int:pk>/funded/", views.cycle_funded, name="cycle-funded"),
    path("cycles/<int:pk>/funded/new/", views.fund, name="cycle-fund"),
    path("funded/<int:pk>/", views.funded_detail, name="funded-detail"),
    path("funded/<int:pk>/follow/", views.funded_follow, name="funded-follow"),
    path("funded/<int:pk>/update/", views.funded_update, name="funded-update"),
    path("funded/<int:pk>/plan/", views.funded_edit, name="funded-edit"),
]
