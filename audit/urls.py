from django.urls import path

from audit import views

app_name = "audit"

urlpatterns = [
    path("justify/", views.justify, name="justify"),
    path("packs/", views.pack_list, name="pack_list"),
    path("packs/new/", views.pack_create, name="pack_create"),
    path("packs/<int:pk>/", views.pack_detail, name="pack_detail"),
    path("packs/<int:pk>/progress/", views.pack_progress, name="pack_progress"),
    path("packs/<int:pk>/retry/", views.pack_retry_view, name="pack_retry"),
    path("packs/<int:pk>/download/", views.pack_download, name="pack_download"),
]
