"""Fixtures for the business register tests: companies written straight into the register
(as an import would), reservations through the services."""

from __future__ import annotations

from datetime import date

import pytest

from companies.models import BoardMember, Company


def make_company(name: str, registry_code: str, *, board=(), **fields) -> Company:
    company = Company(
        name=name, registry_code=registry_code, registered_on=fields.pop("registered_on", date(2020, 1, 6)), **fields
    )
    company.set_keys()
    company.save()
    for member in board:
        BoardMember.objects.create(company=company, starts_on=company.registered_on, **member)
    return company


@pytest.fixture
def fotoluks(db) -> Company:
    return make_company("Fotoluks OÜ", "12345678", email="info@fotoluks.example", address="Narva mnt 5, Tallinn")
