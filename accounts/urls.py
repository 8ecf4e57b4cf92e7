from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import oversight, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("signup/", views.signup, name="signup"),
    path("verify/", views.verify_pending, name="verify_pending"),
    path("verify/resend/", views.verify_resend, name="verify_resend"),
    path("verify/<str:token>/", views.verify_email, name="verify_email"),
    path("home/", views.home, name="home"),
    path("journal/", oversight.journal_list, name="journal"),
    path("journal/verify/", oversight.journal_verify, name="journal_verify"),
    path("tasks/failed/", oversight.failed_tasks, name="failed_tasks"),
    path("two-factor/setup/", views.two_factor_setup, name="2fa_setup"),
    path("two-factor/", views.two_factor_verify, name="2fa_verify"),
    path("password/change/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path("password/reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
]
