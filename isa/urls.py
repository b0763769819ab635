from django.urls import path

from isa.views import agreements, requests

app_name = "isa"

urlpatterns = [
    path("", agreements.register, name="register"),
    path("new/", agreements.agreement_create_view, name="agreement_create"),
    path("<int:pk>/", agreements.agreement_detail, name="agreement_detail"),
    path("<int:pk>/edit/", agreements.agreement_edit, name="agreement_edit"),
    path("<int:pk>/parties/new/", agreements.party_edit, name="party_add"),
    path("<int:pk>/parties/<int:party_pk>/", agreements.party_edit, name="party_edit"),
    path("<int:pk>/parties/<int:party_pk>/remove/", agreements.party_delete, name="party_remove"),
    path("<int:pk>/parties/<int:party_pk>/sign/", agreements.agreement_sign_view, name="agreement_sign"),
    path("<int:pk>/datasets/new/", agreements.cover_add, name="cover_add"),
    path("<int:pk>/datasets/<int:cover_pk>/remove/", agreements.cover_delete, name="cover_remove"),
    path("<int:pk>/send/", agreements.send_for_signature, name="agreement_send"),
    path("<int:pk>/recall/", agreements.agreement_recall_view, name="agreement_recall"),
    path("<int:pk>/terminate/", agreements.agreement_terminate_view, name="agreement_terminate"),
    path("<int:pk>/review/", agreements.agreement_review_view, name="agreement_review"),
    path("<int:pk>/attachments/new/", agreements.attachment_upload, name="attachment_upload"),
    path("attachments/<int:pk>/", agreements.attachment_download, name="attachment_download"),
    path("<int:pk>/pdf/", agreements.agreement_pdf, name="agreement_pdf"),
    path("<int:pk>/history/", agreements.agreement_history, name="agreement_history"),
    path("requests/", requests.request_list, name="request_list"),
    path("requests/new/", requests.request_create, name="request_create"),
    path("requests/<int:pk>/", requests.request_detail, name="request_detail"),
    path("requests/<int:pk>/datasets/<int:line_pk>/<slug:role>/", requests.request_decide, name="request_decide"),
    path("requests/<int:pk>/ask/", requests.request_ask, name="request_ask"),
    path("requests/<int:pk>/resubmit/", requests.request_resubmit, name="request_resubmit"),
    path("requests/<int:pk>/withdraw/", requests.request_withdraw, name="request_withdraw"),
    path("requests/<int:pk>/history/", requests.request_history, name="request_history"),
    path("access/", requests.my_access, name="my_access"),
    path("access/<int:pk>/revoke/", requests.grant_revoke_view, name="grant_revoke"),
]
