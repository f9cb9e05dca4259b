from django.urls import path

from . import views

app_name = "jury"

urlpatterns = [
    path("cycles/<int:cycle_pk>/jury/", views.cycle_jury, name="cycle"),
    path("cycles/<int:cycle_pk>/jury/assign/", views.assign_new, name="assign"),
    path("cycles/<int:cycle_pk>/jury/jurors/", views.juror_add, name="juror-add"),
    path("cycles/<int:cycle_pk>/jury/criteria/", views.criterion_add, name="criterion-add"),
    path("cycles/<int:cycle_pk>/ranking/", views.cycle_ranking, name="ranking"),
    path("jury/assignments/<int:pk>/", views.assignment_detail, name="assignment"),
    path("jury/assignments/<int:pk>/conflict/", views.assignment_conflict, name="conflict"),
    path("jury/assignments/<int:pk>/reopen/", views.assignment_reopen, name="reopen"),
]
