from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/verify/", views.login_verify, name="login_verify"),
    path("login/authenticator/", views.login_enroll, name="login_enroll"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "set-password/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/set_password.html", success_url=reverse_lazy("accounts:login")
        ),
        name="set_password",
    ),
    path("security/", views.security, name="security"),
    path("security/authenticator/", views.mfa_setup, name="mfa_setup"),
    path("quiz/", views.quiz, name="quiz"),
    path("quiz/questions/", views.quiz_questions, name="quiz_questions"),
    path("quiz/questions/add/", views.quiz_question_add, name="quiz_question_add"),
    path("quiz/questions/<int:question_id>/", views.quiz_question_edit, name="quiz_question_edit"),
    path("quiz/questions/<int:question_id>/move/", views.quiz_question_move, name="quiz_question_move"),
    path("quiz/questions/<int:question_id>/retire/", views.quiz_question_retire, name="quiz_question_retire"),
    path("agreement/", views.agreement, name="agreement"),
    path("staff/", views.staff, name="staff"),
    path("staff/add/", views.staff_add, name="staff_add"),
    path("staff/<int:membership_id>/remove/", views.staff_remove, name="staff_remove"),
    path("staff/<int:membership_id>/approve/", views.staff_approve, name="staff_approve"),
    path("staff/user/<int:user_id>/training/", views.staff_training, name="staff_training"),
    path("access/", views.access_overview, name="access_overview"),
]
