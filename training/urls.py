from django.urls import path

from training import views

app_name = "training"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("staff/", views.staff, name="staff"),
    path("record/", views.record, name="record"),
    path("import/", views.import_view, name="import"),
]
