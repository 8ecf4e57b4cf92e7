"""Expected GET status of the e-Residency pages for each persona ("anon" = signed out).

Alice has an application in review (with a photo, CV, an answered request with an attachment)
and an earlier approved one with its letter; Oscar has a draft. Applicants see only their
own (someone else's is 404); identity officials and auditors see applications handed in;
other officials are refused (403). POST-only actions answer 405 to a GET from someone who
may use them.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

ALL = ("anon", "alice", "oscar", "ivan", "pia", "rita", "tom", "aud", "ada")
OTHER_OFFICIALS = ("pia", "rita", "tom", "ada")


def _jpeg() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (600, 800), (210, 210, 210)).save(out, format="JPEG")
    return out.getvalue()


def _fixture(p):
    """Alice's applications and Oscar's draft, created once per database."""
    from eresidency.constants import InfoRequestStatus, LetterStatus, State
    from eresidency.models import Application, InfoRequest, InfoRequestFile

    alice, oscar, ivan = p["alice"], p["oscar"], p["ivan"]
    common = {
        "given_names": "Alice",
        "surname": "Applicant",
        "date_of_birth": date(1990, 1, 1),
        "citizenship": "SE",
        "document_number": "AB1234567",
        "document_country": "SE",
    }
    open_app = Application.objects.filter(applicant=alice, state=State.IN_REVIEW).first()
    if open_app is None:
        open_app = Application(
            applicant=alice, state=State.IN_REVIEW, decision_due=date.today() + timedelta(days=20), **common
        )
        open_app.photo.save("p.jpg", ContentFile(_jpeg()), save=False)
        open_app.cv.save("cv.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
        open_app.save()
        info = InfoRequest.objects.create(
            application=open_app,
            message="Send your CV.",
            deadline=date.today() + timedelta(days=5),
            requested_by=ivan,
            status=InfoRequestStatus.ANSWERED,
            answer="Attached.",
        )
        attachment = InfoRequestFile(request=info, content_type="image/jpeg", label="cv.jpg", size=10)
        attachment.file.save("a.jpg", ContentFile(_jpeg()), save=False)
        attachment.save()
        done = Application(
            applicant=alice,
            state=State.APPROVED,
            decided_at=timezone.now(),
            letter_status=LetterStatus.READY,
            **common,
        )
        done.letter.save("l.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
        done.save()
    draft = Application.objects.filter(applicant=oscar, state=State.DRAFT).first() or Application.objects.create(
        applicant=oscar
    )
    return {
        "open": open_app,
        "info": open_app.info_requests.first(),
        "file": InfoRequestFile.objects.filter(request__application=open_app).first(),
        "approved": Application.objects.filter(applicant=alice, state=State.APPROVED).first(),
        "draft": draft,
    }


def _open(p):
    return {"code": _fixture(p)["open"].code}


def _draft_step(p):
    return {"code": _fixture(p)["draft"].code, "step": "personal"}


def _draft(p):
    return {"code": _fixture(p)["draft"].code}


def _answer(p):
    f = _fixture(p)
    return {"code": f["open"].code, "request_code": f["info"].code}


def _cv(p):
    return {"code": _fixture(p)["open"].code, "kind": "cv"}


def _attachment(p):
    f = _fixture(p)
    return {"code": f["open"].code, "file_code": f["file"].code}


def _letter(p):
    return {"code": _fixture(p)["approved"].code}


def _stage(p):
    return {"code": _fixture(p)["open"].code, "stage": "sanctions"}


def applicant_page(alice, oscar, officials=403):
    return {"anon": 302, "alice": alice, "oscar": oscar, **dict.fromkeys(("ivan", "aud", *OTHER_OFFICIALS), officials)}


def shared_file(status=200):
    """Files: the owner and the reviewing officials; nobody else."""
    return {
        "anon": 302,
        "alice": status,
        "oscar": 404,
        "ivan": status,
        "aud": status,
        **dict.fromkeys(OTHER_OFFICIALS, 403),
    }


def official_page(identity=200, auditor=200):
    return {
        "anon": 302,
        "alice": 403,
        "oscar": 403,
        "ivan": identity,
        "aud": auditor,
        **dict.fromkeys(OTHER_OFFICIALS, 403),
    }


MATRIX = [
    ("eresidency:start", None, applicant_page(200, 200)),
    ("eresidency:my_applications", None, applicant_page(200, 200)),
    ("eresidency:status", _open, applicant_page(200, 404)),
    ("eresidency:step", _draft_step, applicant_page(404, 200)),
    ("eresidency:review", _draft, applicant_page(404, 200)),
    ("eresidency:pay", _open, applicant_page(405, 405)),
    ("eresidency:payment_return", _open, applicant_page(302, 404)),
    ("eresidency:withdraw", _open, applicant_page(200, 404)),
    ("eresidency:answer", _answer, applicant_page(200, 404)),
    ("eresidency:photo", _open, shared_file()),
    ("eresidency:document", _cv, shared_file()),
    ("eresidency:info_file", _attachment, shared_file()),
    ("eresidency:letter", _letter, shared_file()),
    ("eresidency:queue", None, official_page()),
    ("eresidency:attention", None, official_page()),
    ("eresidency:review_detail", _open, official_page()),
    ("eresidency:claim", _open, official_page(405, 403)),
    ("eresidency:take_over", _open, official_page(405, 403)),
    ("eresidency:release", _open, official_page(405, 403)),
    ("eresidency:approve", _open, official_page(405, 403)),
    ("eresidency:refuse", _open, official_page(405, 403)),
    ("eresidency:request_info", _open, official_page(405, 403)),
    ("eresidency:retry_stage", _stage, official_page(405, 403)),
]
