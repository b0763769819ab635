from django.urls import path

from dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.index, name="index"),
    path("list/<slug:key>/", views.figure_list, name="figure_list"),
    path("list/<slug:key>/csv", views.figure_list, {"as_csv": True}, name="figure_csv"),
]
