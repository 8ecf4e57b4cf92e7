"""The pages, through HTTP: form steps and their errors, review, status, officials' pages."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse

from eresidency import services
from eresidency.constants import State
from eresidency.deadlines import tallinn_date
from eresidency.models import Application, PickupLocation
from exchange.models import AccessLogEntry
from tests.eresidency.conftest import jpeg_bytes, make_draft, personal, settle, upload

pytestmark = pytest.mark.usefixtures("locations")


def step_url(app, step):
    return reverse("eresidency:step", kwargs={"code": app.code, "step": step})


def form_errors(response):
    return " ".join(str(e) for field in response.context["form"].errors.values() for e in field)


PERSONAL_POST = {
    "given_names": "Anna Maria",
    "surname": "Eriksson",
    "date_of_birth": "1985-08-12",
    "sex": "F",
    "citizenship": "SE",
    "residence_country": "SE",
    "email": "anna@example.org",
    "phone": "+46 70 123 4567",
}


@pytest.fixture
def draft(personas):
    return services.application_start(applicant=personas["alice"], actor=personas["alice"])


def test_start_creates_a_draft_and_resumes_it(client_for, personas):
    client = client_for("alice")
    page = client.get(reverse("eresidency:start"))
    assert page.status_code == 200 and "Start my application" in page.content.decode()
    response = client.post(reverse("eresidency:start"))
    app = Application.objects.get(applicant=personas["alice"])
    assert response["Location"] == step_url(app, "personal")
    again = client.post(reverse("eresidency:start"))
    assert again["Location"] == reverse("eresidency:status", kwargs={"code": app.code})
    assert Application.objects.filter(applicant=personas["alice"]).count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("given_names", "<script>alert(1)</script>", "Use letters only"),
        ("surname", "Smith2", "Use letters only"),
        ("given_names", "Bartholomewwwwww Jo", "two lines of 15"),
        ("given_names", "Anna Maria Sofia Charlotte Ly", "two lines of 15"),
        ("surname", "A" * 29, "at most 28"),
        ("date_of_birth", "2999-01-01", "future"),
        ("phone", "5123 4567", "international format"),
    ],
)
def test_personal_step_rejects_bad_input_clearly(client_for, draft, field, value, message):
    response = client_for("alice").post(step_url(draft, "personal"), {**PERSONAL_POST, field: value})
    assert response.status_code == 200
    assert message in form_errors(response)
    assert Application.objects.get(pk=draft.pk).completed_steps == []


def test_under_18_is_told_before_anything_else(client_for, draft):
    born = tallinn_date().replace(year=tallinn_date().year - 17).isoformat()
    response = client_for("alice").post(step_url(draft, "personal"), {**PERSONAL_POST, "date_of_birth": born})
    assert "at least 18" in form_errors(response)


def test_given_names_fill_two_lines(client_for, draft):
    response = client_for("alice").post(
        step_url(draft, "personal"), {**PERSONAL_POST, "given_names": "Maria-Theresia Anna Sofia"}
    )
    assert response.status_code == 302
    assert Application.objects.get(pk=draft.pk).given_names == "Maria-Theresia Anna Sofia"


def test_save_and_resume(client_for, draft):
    client = client_for("alice")
    response = client.post(step_url(draft, "personal"), {**PERSONAL_POST, "action": "save_exit"})
    assert response["Location"] == reverse("eresidency:status", kwargs={"code": draft.code})
    status = client.get(response["Location"]).content.decode()
    assert step_url(draft, "document") in status  # "Continue" goes to the first unfinished step
    page = client.get(step_url(draft, "personal")).content.decode()
    assert 'value="Eriksson"' in page


def test_document_step_checks_expiry_and_mrz(client_for, personas, draft):
    client = client_for("alice")
    client.post(step_url(draft, "personal"), PERSONAL_POST)
    base = {
        "document_type": "passport",
        "document_number": "AB1234567",
        "document_country": "SE",
        "document_expiry": (tallinn_date() + timedelta(days=2000)).isoformat(),
    }
    expired = client.post(step_url(draft, "document"), {**base, "document_expiry": tallinn_date().isoformat()})
    assert "expired" in form_errors(expired)
    specimen = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<11"
    wrong = client.post(step_url(draft, "document"), {**base, "mrz": specimen})
    errors = form_errors(wrong)
    assert "check digit" in errors and "document number in the zone is L898902C3" in errors
    short = client.post(step_url(draft, "document"), {**base, "mrz": "P<SWE"})
    assert "two lines of 44" in form_errors(short)
    from core import mrz

    good_zone = mrz.compose_td3(
        surname="Eriksson",
        given_names="Anna Maria",
        number="AB1234567",
        issuing="SE",
        nationality="SE",
        birth=tallinn_date().replace(year=1985, month=8, day=12),
        sex="F",
        expiry=tallinn_date() + timedelta(days=2000),
    )
    ok = client.post(step_url(draft, "document"), {**base, "mrz": good_zone.lower()})
    assert ok.status_code == 302
    assert Application.objects.get(pk=draft.pk).mrz == good_zone


def test_photo_step_validates_by_decoding(client_for, draft, settings):
    client = client_for("alice")
    disguised = client.post(step_url(draft, "photo"), {"photo": upload(jpeg_bytes(fmt="PNG"), "me.jpg")})
    assert "must be a JPEG" in form_errors(disguised)
    small = client.post(step_url(draft, "photo"), {"photo": upload(jpeg_bytes(300, 400))})
    assert "at least 600×800" in form_errors(small)
    ok = client.post(step_url(draft, "photo"), {"photo": upload(jpeg_bytes(exif=True), "../../etc/passwd.jpg")})
    assert ok.status_code == 302
    app = Application.objects.get(pk=draft.pk)
    assert app.photo.name.startswith("eresidency/photos/") and "passwd" not in app.photo.name
    assert (settings.MEDIA_ROOT / app.photo.name).is_file()
    served = client.get(reverse("eresidency:photo", kwargs={"code": app.code}))
    content = b"".join(served.streaming_content)
    assert served["Content-Type"] == "image/jpeg" and b"SecretCam" not in content
    assert served["Cache-Control"] == "private, no-store"


def test_motivation_step_checks_links_and_cv(client_for, draft):
    client = client_for("alice")
    data = {"motivation_category": "establish_company", "motivation": "x" * 60}
    bad = client.post(step_url(draft, "motivation"), {**data, "links": "javascript:alert(1)"})
    assert "not a web address" in form_errors(bad)
    not_pdf = client.post(step_url(draft, "motivation"), {**data, "cv": upload(jpeg_bytes(), "cv.pdf")})
    assert "must be a PDF" in form_errors(not_pdf)


def test_only_active_pickup_locations_are_offered(client_for, draft):
    PickupLocation.objects.filter(code="de-berlin").update(active=False)
    page = client_for("alice").get(step_url(draft, "pickup")).content.decode()
    assert "Tokyo" in page and "Berlin" not in page
    berlin = PickupLocation.objects.get(code="de-berlin")
    response = client_for("alice").post(step_url(draft, "pickup"), {"pickup_location": berlin.pk})
    assert response.status_code == 200 and "pickup_location" in response.context["form"].errors


def test_review_tells_a_restricted_citizen_before_paying(client_for, personas):
    app = make_draft(personas["alice"], person=personal(citizenship="BY"))
    client = client_for("alice")
    page = client.get(reverse("eresidency:review", kwargs={"code": app.code})).content.decode()
    assert "You cannot submit this application" in page and "Belarus" in page
    assert "disabled" in page
    response = client.post(reverse("eresidency:review", kwargs={"code": app.code}))
    assert response.status_code == 302
    assert Application.objects.get(pk=app.pk).state == State.DRAFT
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("not accepted" in m for m in messages)


def test_eligibility_step_requires_details_and_evidence(client_for, personas):
    app = make_draft(personas["alice"], person=personal(citizenship="SY"))
    client = client_for("alice")
    response = client.post(step_url(app, "eligibility"), {"exception_kind": "estonian_company"})
    errors = response.context["form"].errors
    assert "exception_details" in errors and "exception_evidence" in errors


def test_review_submit_goes_to_the_payment(client_for, personas, local_payments):
    app = make_draft(personas["alice"])
    client = client_for("alice")
    response = client.post(reverse("eresidency:review", kwargs={"code": app.code}))
    assert "/payments/checkout/local/" in response["Location"]
    # Submitting again (double click) shows the status instead of a second submission.
    again = client.post(reverse("eresidency:review", kwargs={"code": app.code}))
    assert again["Location"] == reverse("eresidency:status", kwargs={"code": app.code})
    # Paying again leads to the same checkout.
    pay = client.post(reverse("eresidency:pay", kwargs={"code": app.code}))
    assert pay["Location"] == response["Location"]


def test_status_page_shows_steps_and_timeline(client_for, personas, sdn_list, django_capture_on_commit_callbacks):
    alice = personas["alice"]
    app = services.application_submit(application=make_draft(alice), actor=alice)
    with django_capture_on_commit_callbacks(execute=True):
        settle(app)
    page = client_for("alice").get(reverse("eresidency:status", kwargs={"code": app.code})).content.decode()
    assert "An official is reviewing your application." in page
    assert 'class="done"' in page and 'aria-current="step"' in page
    assert "The state fee was paid. The decision term started." in page
    assert "screening_stage_done" not in page  # internal steps stay internal


def test_official_detail_logs_access_and_escapes_input(
    client_for, personas, sdn_list, django_capture_on_commit_callbacks
):
    alice = personas["alice"]
    app = make_draft(alice)
    Application.objects.filter(pk=app.pk).update(motivation="<script>alert('x')</script> I want a company.")
    app = services.application_submit(application=Application.objects.get(pk=app.pk), actor=alice)
    with django_capture_on_commit_callbacks(execute=True):
        settle(app)
    client = client_for("ivan")
    url = reverse("eresidency:review_detail", kwargs={"code": app.code})
    before = AccessLogEntry.objects.count()
    page = client.get(url).content.decode()
    assert AccessLogEntry.objects.count() == before + 1
    entry = AccessLogEntry.objects.latest("at")
    assert (entry.reader, entry.person, entry.purpose) == (personas["ivan"], alice, "review of e-Residency application")
    assert entry.record_id == str(app.code)
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    photo_url = reverse("eresidency:photo", kwargs={"code": app.code})
    assert photo_url in page and "/media/" not in page
    assert client.get(photo_url).status_code == 200


def test_officials_need_their_second_factor(client_for, personas):
    response = client_for("ivan", second_factor=False).get(reverse("eresidency:queue"))
    assert response.status_code == 302 and "two-factor" in response["Location"]


def test_auditor_reads_but_cannot_act(client_for, personas, sdn_list, django_capture_on_commit_callbacks):
    alice = personas["alice"]
    app = services.application_submit(application=make_draft(alice), actor=alice)
    with django_capture_on_commit_callbacks(execute=True):
        settle(app)
    client = client_for("aud")
    page = client.get(reverse("eresidency:review_detail", kwargs={"code": app.code}))
    assert page.status_code == 200 and "Claim this application" not in page.content.decode()
    assert client.post(reverse("eresidency:claim", kwargs={"code": app.code})).status_code == 403
    assert client.get(reverse("eresidency:queue")).status_code == 200


def test_decisions_through_the_pages(client_for, personas, sdn_list, django_capture_on_commit_callbacks):
    alice = personas["alice"]
    app = services.application_submit(application=make_draft(alice), actor=alice)
    with django_capture_on_commit_callbacks(execute=True):
        settle(app)
    ivan = client_for("ivan")
    detail = reverse("eresidency:review_detail", kwargs={"code": app.code})
    ivan.post(reverse("eresidency:claim", kwargs={"code": app.code}))
    iris = client_for("iris")
    taken = iris.post(reverse("eresidency:claim", kwargs={"code": app.code}), follow=True)
    assert "already claimed" in taken.content.decode()
    bad = ivan.post(
        reverse("eresidency:request_info", kwargs={"code": app.code}),
        {"message": "CV", "deadline": "2000-01-01"},
        follow=True,
    )
    assert "future date" in bad.content.decode()
    deadline = (tallinn_date() + timedelta(days=10)).isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        ivan.post(
            reverse("eresidency:request_info", kwargs={"code": app.code}),
            {"message": "Send your CV, please.", "deadline": deadline},
        )
    app.refresh_from_db()
    assert app.state == State.INFO_REQUESTED
    # The applicant answers in the portal with a file.
    alice_client = client_for("alice")
    info = app.info_requests.get()
    status = alice_client.get(reverse("eresidency:status", kwargs={"code": app.code})).content.decode()
    assert "Send your CV, please." in status and "Answer the request" in status
    answer_url = reverse("eresidency:answer", kwargs={"code": app.code, "request_code": info.code})
    answered = alice_client.post(answer_url, {"answer": "Attached.", "file1": upload(jpeg_bytes(100, 100), "cv.jpg")})
    assert answered.status_code == 302
    app.refresh_from_db()
    assert app.state == State.IN_REVIEW
    attachment = info.files.get()
    file_url = reverse("eresidency:info_file", kwargs={"code": app.code, "file_code": attachment.code})
    assert ivan.get(file_url).status_code == 200
    assert client_for("oscar").get(file_url).status_code == 404
    ivan.post(reverse("eresidency:claim", kwargs={"code": app.code}))
    response = ivan.post(reverse("eresidency:approve", kwargs={"code": app.code}), {"note": ""}, follow=True)
    assert "approved" in response.content.decode()
    assert Application.objects.get(pk=app.pk).state == State.APPROVED
    # A late second decision is refused with a clear message.
    late = iris.post(reverse("eresidency:refuse", kwargs={"code": app.code}), {"ground": 1, "reason": "x"}, follow=True)
    assert detail in late.redirect_chain[-1][0]
    assert Application.objects.get(pk=app.pk).state == State.APPROVED


def test_home_panels(client_for, personas):
    alice = client_for("alice")
    assert "Start an application" in alice.get(reverse("accounts:home")).content.decode()
    app = services.application_start(applicant=personas["alice"], actor=personas["alice"])
    home = alice.get(reverse("accounts:home")).content.decode()
    assert "Continue my application" in home and str(app.code) in home
    ivan_home = client_for("ivan").get(reverse("accounts:home")).content.decode()
    assert "No applications waiting." in ivan_home


def test_withdraw_through_the_page(client_for, personas):
    app = make_draft(personas["alice"])
    client = client_for("alice")
    url = reverse("eresidency:withdraw", kwargs={"code": app.code})
    refused = client.post(url, {"reason": "x"})
    assert refused.status_code == 200 and "confirm" in refused.context["form"].errors
    client.post(url, {"confirm": "on"})
    assert Application.objects.get(pk=app.pk).state == State.WITHDRAWN


def test_unknown_codes_are_not_found(client_for):
    code = uuid.uuid4()
    assert client_for("alice").get(reverse("eresidency:status", kwargs={"code": code})).status_code == 404
    assert client_for("ivan").get(reverse("eresidency:review_detail", kwargs={"code": code})).status_code == 404
