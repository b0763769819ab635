from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.generic import RedirectView

from accounts.views import PasswordChangeView
from governance.forms.accounts import SignInForm
from governance.views import datasets, health, pages, projects

urlpatterns = [
    path("", pages.home, name="home"),
    path("accessibility/", pages.accessibility, name="accessibility"),
    path("healthz", health.healthz, name="healthz"),
    path(".well-known/security.txt", pages.security_txt, name="security_txt"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=SignInForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("accounts/api-tokens/", include("api.page_urls")),
    path("accounts/", include("accounts.urls")),
    path("projects/", projects.project_list, name="project_list"),
    path("projects/new/", projects.project_create_view, name="project_create"),
    path("projects/<int:pk>/", projects.project_detail, name="project_detail"),
    path("projects/<int:pk>/edit/", projects.project_edit, name="project_edit"),
    path("projects/<int:pk>/status/", projects.project_status, name="project_status"),
    path("projects/<int:pk>/history/", projects.project_history, name="project_history"),
    path("datasets/", datasets.dataset_list, name="dataset_list"),
    path("datasets/new/", datasets.dataset_create_view, name="dataset_create"),
    path("datasets/<int:pk>/", datasets.dataset_detail, name="dataset_detail"),
    path("datasets/<int:pk>/edit/", datasets.dataset_edit, name="dataset_edit"),
    path("datasets/<int:pk>/status/", datasets.dataset_status, name="dataset_status"),
    path("datasets/<int:pk>/history/", datasets.dataset_history, name="dataset_history"),
    path("dpia/", include("dpia.urls")),
    path("isa/", include("isa.urls")),
    path("ethics/", include("ethics.urls")),
    path("retention/", include("retention.urls")),
    path("dashboard/", include("dashboard.urls")),
    path("audit/", include("audit.urls")),
    path("breaches/", include("breaches.urls")),
    path("training/", include("training.urls")),
    path("api/", include("api.urls")),
    # The admin signs people in through the site's own page (lockout, second factor), never its own form.
    path("admin/login/", login_not_required(RedirectView.as_view(pattern_name="login", query_string=True))),
    path("admin/", admin.site.urls),
]
