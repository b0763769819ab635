"""The pages (not the API) for managing API tokens, under /accounts/."""

from django.urls import path

from api import pages

urlpatterns = [
    path("", pages.tokens, name="api_tokens"),
    path("<int:pk>/revoke/", pages.revoke, name="api_token_revoke"),
]
