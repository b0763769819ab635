from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
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

# Redoc draws the documentation with styles it writes into the page as it runs (styled-components), a small
# data: image in those styles, and its search in a web worker made from a blob: URL. This one page is relaxed
# for exactly those (each is blocked without it); its script still comes only from our static files
# (drf-spectacular-sidecar), Redocly's logo on their CDN stays refused (Redoc hides it), and every other page
# keeps the site's policy (CONTENT_SECURITY_POLICY in governance/settings.py).
docs_view = csp_update({"style-src": [UNSAFE_INLINE], "img-src": ["data:"], "worker-src": ["blob:"]})(
    SpectacularRedocView.as_view(url_name="api:schema", template_name="api/redoc.html")
)

app_name = "api"
urlpatterns = [
    path("access-decisions/", views.AccessDecisionView.as_view(), name="access_decision"),
    # DRF's views authenticate themselves (token or session): the site's sign-in redirect does not apply.
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs_view, name="docs"),
    path("", include(router.urls)),
]
