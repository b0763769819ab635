from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView
from rest_framework.routers import DefaultRouter

from api import views

router = DefaultRouter()
router.register("organisations", views.OrganisationViewSet, basename="organisations")
router.register("projects", views.ProjectViewSet, basename="projects")
router.register("datasets", views.DatasetViewSet, basename="datasets")
router.register("agreements", views.AgreementViewSet, basename="agreements")
router.register("screenings", views.ScreeningViewSet, basename="screenings")
router.register("ethics-cases", views.EthicsCaseViewSet, basename="ethics-cases")
router.register("access-grants", views.AccessGrantViewSet, basename="access-grants")
router.register("access-requests", views.AccessRequestViewSet, basename="access-requests")
router.register("disposal-records", views.DisposalRecordViewSet, basename="disposal-records")

app_name = "api"
urlpatterns = [
    path("access-decisions/", views.AccessDecisionView.as_view(), name="access_decision"),
    # DRF's views authenticate themselves (token or session): the site's sign-in redirect does not apply.
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularRedocView.as_view(url_name="api:schema", template_name="api/redoc.html"), name="docs"),
    path("", include(router.urls)),
]
