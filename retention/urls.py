from django.urls import path

from retention import views

app_name = "retention"

urlpatterns = [
    path("", views.index, name="index"),
    path("tasks/", views.tasks, name="tasks"),
    path("schedules/", views.schedule_list, name="schedule_list"),
    path("schedules/new/", views.schedule_new, name="schedule_new"),
    path("schedules/<int:pk>/", views.schedule_detail, name="schedule_detail"),
    path("schedules/<int:pk>/edit/", views.schedule_edit, name="schedule_edit"),
    path("schedules/<int:pk>/retire/", views.schedule_retire_view, name="schedule_retire"),
    path("schedules/<int:pk>/history/", views.schedule_history, name="schedule_history"),
    path("holds/", views.hold_list, name="hold_list"),
    path("holds/new/", views.hold_new, name="hold_new"),
    path("holds/<int:pk>/", views.hold_detail, name="hold_detail"),
    path("holds/<int:pk>/release/", views.hold_release_view, name="hold_release"),
    path("reviews/start/", views.review_start_view, name="review_start"),
    path("reviews/<int:pk>/", views.review_decide_view, name="review_decide"),
    path("confirmations/<int:pk>/", views.confirmation_view, name="confirmation_confirm"),
    path("datasets/<int:pk>/schedule/", views.dataset_schedule, name="dataset_schedule"),
    path("log/", views.disposal_log, name="log"),
    path("log.csv", views.disposal_log_csv, name="log_csv"),
]
