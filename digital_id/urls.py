from django.urls import path

from digital_id.views import holder, officials, public

app_name = "digital_id"

urlpatterns = [
    path("", holder.mine, name="mine"),
    path("login/", public.login_view, name="login"),
    path("check/", public.check, name="check"),
    path("sign/", holder.sign, name="sign"),
    path("card/<uuid:code>/book/", holder.book, name="book"),
    path("card/<uuid:code>/location/", holder.change_location, name="change_location"),
    path("card/<uuid:code>/pin/", holder.pin_change, name="pin_change"),
    path("card/<uuid:code>/puk/", holder.pin_unblock, name="pin_unblock"),
    path("card/<uuid:code>/suspend/", holder.suspend, name="suspend"),
    path("card/<uuid:code>/revoke/", holder.revoke_request, name="revoke_request"),
    path("card/<uuid:code>/renew/", holder.renew, name="renew"),
    path("renewals/<uuid:code>/", holder.renewal, name="renewal"),
    path("renewals/<uuid:code>/pay/", holder.renewal_pay, name="renewal_pay"),
    path("desk/", officials.desk, name="desk"),
    path("desk/<uuid:code>/", officials.desk_detail, name="desk_detail"),
    path("desk/<uuid:code>/arrived/", officials.desk_arrived, name="desk_arrived"),
    path("desk/<uuid:code>/hand-over/", officials.desk_hand_over, name="desk_hand_over"),
    path("desk/<uuid:code>/resume/", officials.desk_resume, name="desk_resume"),
    path("registry/", officials.registry, name="registry"),
    path("registry/<uuid:code>/", officials.registry_detail, name="registry_detail"),
    path("registry/<uuid:code>/revoke/", officials.registry_revoke, name="registry_revoke"),
    path("registry/<uuid:code>/suspend/", officials.registry_suspend, name="registry_suspend"),
    path("card/<uuid:code>/photo/", officials.holder_photo, name="holder_photo"),
    path("registry/renewals/<uuid:code>/", officials.renewal_review, name="renewal_review"),
]
