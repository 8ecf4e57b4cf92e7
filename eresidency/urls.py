from django.urls import path

from eresidency.views import applicant, files, review

app_name = "eresidency"

urlpatterns = [
    path("", applicant.start, name="start"),
    path("mine/", applicant.my_applications, name="my_applications"),
    path("application/<uuid:code>/", applicant.status, name="status"),
    path("application/<uuid:code>/step/<slug:step>/", applicant.step, name="step"),
    path("application/<uuid:code>/review/", applicant.review, name="review"),
    path("application/<uuid:code>/pay/", applicant.pay, name="pay"),
    path("application/<uuid:code>/paid/", applicant.payment_return, name="payment_return"),
    path("application/<uuid:code>/withdraw/", applicant.withdraw, name="withdraw"),
    path("application/<uuid:code>/requests/<uuid:request_code>/", applicant.answer, name="answer"),
    path("application/<uuid:code>/photo/", files.photo, name="photo"),
    path("application/<uuid:code>/files/<slug:kind>/", files.document, name="document"),
    path("application/<uuid:code>/attachments/<uuid:file_code>/", files.info_file, name="info_file"),
    path("application/<uuid:code>/letter/", files.letter, name="letter"),
    path("review/", review.queue, name="queue"),
    path("review/attention/", review.attention, name="attention"),
    path("review/<uuid:code>/", review.detail, name="review_detail"),
    path("review/<uuid:code>/claim/", review.claim, name="claim"),
    path("review/<uuid:code>/take-over/", review.take_over, name="take_over"),
    path("review/<uuid:code>/release/", review.release, name="release"),
    path("review/<uuid:code>/approve/", review.approve, name="approve"),
    path("review/<uuid:code>/refuse/", review.refuse, name="refuse"),
    path("review/<uuid:code>/request-info/", review.request_info, name="request_info"),
    path("review/<uuid:code>/stages/<slug:stage>/retry/", review.retry_stage, name="retry_stage"),
]
