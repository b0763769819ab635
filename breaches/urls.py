from django.urls import path

from breaches import views

app_name = "breaches"

urlpatterns = [
    path("", views.index, name="index"),
    path("report/", views.report, name="report"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/record/", views.record, name="record"),
    path("<int:pk>/risk/", views.risk, name="risk"),
    path("<int:pk>/ico/", views.ico, name="ico"),
    path("<int:pk>/individuals/", views.individuals, name="individuals"),
    path("<int:pk>/actions/new/", views.action_new, name="action_new"),
    path("<int:pk>/actions/<int:action_pk>/done/", views.action_mark_done, name="action_done"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/history/", views.history, name="history"),
]
