from django.urls import path

from . import views

app_name = "trainings"

urlpatterns = [
    path("cycles/<int:cycle_pk>/trainings/", views.session_list, name="list"),
    path("cycles/<int:cycle_pk>/trainings/new/", views.session_create, name="create"),
    path("trainings/mine/", views.my_enrollments, name="mine"),
    path("trainings/<int:pk>/", views.session_detail, name="detail"),
    path("trainings/<int:pk>/edit/", views.session_edit, name="edit"),
    path("trainings/<int:pk>/calendar.ics", views.session_ics_download, name="ics"),
    path("trainings/<int:pk>/enroll/", views.enroll, name="enroll"),
    path("trainings/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("trainings/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("trainings/<int:pk>/attendance.csv", views.attendance_csv, name="attendance-csv"),
]
