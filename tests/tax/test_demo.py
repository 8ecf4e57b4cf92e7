"""`manage.py demo_tax`: a company with filed TSDs and KMDs for several months, one due soon."""

from io import StringIO

import pytest
from django.core.management import call_command

from tax import selectors
from tax.models import TaxpayerAccount, TaxReturn


@pytest.mark.django_db
def test_demo_tax_files_several_months_and_leaves_the_last_due(pki, personas):
    call_command("demo_tax", stdout=StringIO())
    call_command("demo_tax", stdout=StringIO())  # idempotent
    account = TaxpayerAccount.objects.get()
    assert TaxReturn.objects.filter(account=account, state="submitted").count() == 6
    statuses = [o.status for o in selectors.obligations(account, months=12)]
    assert "filed" in statuses and ("due" in statuses or "late" in statuses)
    assert TaxReturn.objects.filter(kind="TSD", result__totals__cit__gt="0.00").exists()
