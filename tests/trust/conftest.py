"""Helpers for the trust tests. The CA hierarchy fixtures (``pki_material``, ``pki``) and
the fast key-store settings live in tests/conftest.py, since every app's tests seal or sign."""

from __future__ import annotations

import pytest

from tests.conftest import TEST_MASTER_KEY  # noqa: F401  (re-exported for older imports)
from trust.services import person_credentials_issue

PERSONAL_CODE = "38001085718"
SECOND_PERSONAL_CODE = "49403136526"


def issue(personal_code=PERSONAL_CODE, given_name="Alice", surname="Tamm", holder=None, **kwargs):
    kwargs.setdefault("pin2_change_required", False)
    return person_credentials_issue(
        personal_code=personal_code, given_name=given_name, surname=surname, holder=holder, actor="test", **kwargs
    )


@pytest.fixture
def creds(pki):
    """Credentials of one person, PIN2 already changed (ready to sign)."""
    return issue()


def make_pdf(text: str = "Test document") -> bytes:
    """A small one-page PDF made with pyHanko's own writer (fast; no fonts needed)."""
    from io import BytesIO

    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.writer import PageObject, PdfFileWriter

    writer = PdfFileWriter()
    content = writer.add_object(generic.StreamObject(stream_data=f"0 0 1 rg 72 720 200 20 re f % {text}".encode()))
    writer.insert_page(PageObject(contents=content, media_box=(0, 0, 595, 842)))
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def pdf_bytes():
    return make_pdf()
