from django.urls import path

from dpia.views import assessments, review, screenings

app_name = "dpia"

urlpatterns = [
    path("", screenings.review_queue, name="review_queue"),
    path("new/", screenings.screening_create, name="screening_create"),
    path("<int:pk>/", screenings.screening_detail, name="screening_detail"),
    path("<int:pk>/section/<slug:slug>/", screenings.screening_section, name="screening_section"),
    path("<int:pk>/check/", screenings.screening_check, name="screening_check"),
    path("<int:pk>/versions/", screenings.screening_versions, name="screening_versions"),
    path("<int:pk>/history/", screenings.screening_history, name="screening_history"),
    path("<int:pk>/pdf/", screenings.screening_pdf, name="screening_pdf"),
    path("<int:pk>/reopen/", screenings.screening_reopen_view, name="screening_reopen"),
    path("<int:pk>/withdraw/", screenings.screening_withdraw_view, name="screening_withdraw"),
    path("<int:pk>/review/", review.screening_review, name="screening_review"),
    path("<int:pk>/review/start/", review.screening_begin_review, name="screening_begin_review"),
    path("<int:pk>/review/comment/", review.screening_comment_view, name="screening_comment"),
    path("<int:pk>/review/return/", review.screening_return_view, name="screening_return"),
    path("<int:pk>/review/decide/", review.screening_decide_view, name="screening_decide"),
    path("<int:pk>/review/escalate/", review.screening_escalate_view, name="screening_escalate"),
    path("actions/<int:pk>/done/", screenings.remedial_action_done, name="remedial_action_done"),
    path("assessments/<int:pk>/", assessments.assessment_detail, name="assessment_detail"),
    path("assessments/<int:pk>/step/<slug:step>/", assessments.assessment_step, name="assessment_step"),
    path("assessments/<int:pk>/risks/new/", assessments.risk_edit, name="risk_add"),
    path("assessments/<int:pk>/risks/<int:risk_pk>/", assessments.risk_edit, name="risk_edit"),
    path("assessments/<int:pk>/risks/<int:risk_pk>/measures/new/", assessments.measure_add, name="measure_add"),
    path("assessments/<int:pk>/consultations/new/", assessments.consultation_edit, name="consultation_add"),
    path(
        "assessments/<int:pk>/consultations/<int:consultation_pk>/",
        assessments.consultation_edit,
        name="consultation_edit",
    ),
    path("assessments/<int:pk>/advice/", assessments.assessment_advice, name="assessment_advice"),
    path("assessments/<int:pk>/sign-off/", assessments.assessment_sign_off_view, name="assessment_sign_off"),
    path("assessments/<int:pk>/history/", assessments.assessment_history, name="assessment_history"),
]
