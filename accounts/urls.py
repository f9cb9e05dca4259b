from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.Login.as_view(), name="login"),
    path("logout/", views.Logout.as_view(), name="logout"),
    path("register/", views.register, name="register"),
    path("me/", views.profile, name="profile"),
    path("me/verify-phone/", views.verify_phone, name="verify-phone"),
    path("me/password/", views.password_change, name="password-change"),
    path("password-reset/", views.password_reset, name="password-reset"),
    path("password-reset/code/", views.password_reset_code, name="password-reset-code"),
    path("password-reset/new/", views.password_reset_new, name="password-reset-new"),
]
