from django.urls import path

from ethics.views import cases, meetings

app_name = "ethics"

urlpatterns = [
    path("", meetings.index, name="index"),
    path("committees/new/", meetings.committee_create_view, name="committee_create"),
    path("committees/<int:pk>/", meetings.committee_detail, name="committee_detail"),
    path("committees/<int:pk>/members/new/", meetings.member_add_view, name="member_add"),
    path("committees/<int:pk>/members/<int:member_pk>/end/", meetings.member_end_view, name="member_end"),
    path("committees/<int:pk>/terms/new/", meetings.terms_revise_view, name="terms_revise"),
    path("committees/<int:committee_pk>/meetings/new/", meetings.meeting_create_view, name="meeting_create"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/status/", meetings.meeting_status, name="meeting_status"),
    path("meetings/<int:pk>/attendance/new/", meetings.attendance_add_view, name="attendance_add"),
    path(
        "meetings/<int:pk>/attendance/<int:attendance_pk>/remove/",
        meetings.attendance_remove_view,
        name="attendance_remove",
    ),
    path("meetings/<int:pk>/agenda/cases/new/", meetings.agenda_add_case_view, name="agenda_add_case"),
    path("meetings/<int:pk>/agenda/items/new/", meetings.agenda_add_item_view, name="agenda_add_item"),
    path(
        "meetings/<int:pk>/agenda/<int:item_pk>/<slug:action>/", meetings.agenda_item_action, name="agenda_item_action"
    ),
    path("meetings/<int:pk>/minutes/<slug:version>.pdf", meetings.minutes_pdf, name="minutes_pdf"),
    path("meetings/<int:pk>/history/", meetings.meeting_history, name="meeting_history"),
    path("hearings/<int:pk>/", meetings.hearing_minutes, name="hearing_minutes"),
    path("hearings/<int:pk>/advice.pdf", cases.advice_letter, name="advice_letter"),
    path("cases/new/", cases.case_create, name="case_create"),
    path("cases/<int:pk>/", cases.case_detail, name="case_detail"),
    path("cases/<int:pk>/papers/new/", cases.paper_upload, name="paper_upload"),
    path("cases/<int:pk>/withdraw/", cases.case_withdraw_view, name="case_withdraw"),
    path("cases/<int:pk>/close/", cases.case_close_view, name="case_close"),
    path("cases/<int:pk>/history/", cases.case_history, name="case_history"),
    path("papers/<int:pk>/", cases.paper_download, name="paper_download"),
    path("actions/<int:pk>/done/", cases.action_done, name="action_done"),
    path("conditions/<int:pk>/met/", cases.condition_met, name="condition_met"),
]
