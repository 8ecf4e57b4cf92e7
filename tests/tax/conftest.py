"""Tax test fixtures: the fake business register (see fake_register.py's docstring), a
company with Alice on its board, and (for filing) Alice's digital ID ready to sign."""

from __future__ import annotations

import pytest

from tests.digital_id.conftest import (  # noqa: F401 - fixtures for signing with a digital ID
    _digital_id_settings,
    alice_application,
    handed,
    made,
    office,
    ready,
    waiting,
)
from tests.tax import fake_register


@pytest.fixture(autouse=True)
def register():
    """The fake register, emptied for each test."""
    fake_register.install()
    fake_register.reset()
    yield fake_register
    fake_register.reset()


@pytest.fixture
def company(db, personas, register):
    from tax.services import taxpayer_account_open

    info = register.add_company(
        register.COMPANY_CODE,
        "Alice Digital OÜ",
        board=[(register.ALICE_CODE, "Alice", "Applicant", personas["alice"])],
    )
    return taxpayer_account_open(info=info, actor="register")
