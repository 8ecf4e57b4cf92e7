"""Expected GET status of the tax board's pages for each persona ("anon" = signed out).

Alice sits on the board of a company in the fake register (tests/tax/fake_register.py)
with one filed TSD. Board members see and file; tax officers and auditors read (403 on
pages that write); everyone else gets 404, as if the company did not exist. The rules
page and the calculator's schema are public; POST-only actions answer 405.
"""

from __future__ import annotations

ALL = ("anon", "alice", "oscar", "ivan", "pia", "rita", "tom", "aud", "ada")
UUID = "00000000-0000-4000-8000-000000000000"


def everyone(status):
    return dict.fromkeys(ALL, status)


def signed_in(status):
    return {**everyone(status), "anon": 302}


def company_page(board=200, officials=200):
    return {**everyone(404), "anon": 302, "alice": board, "tom": officials, "aud": officials}


def _company(p):
    """Alice's company and one filed TSD, made once per database."""
    from django.core.files.base import ContentFile

    from tax.models import TaxpayerAccount, TaxReturn
    from tax.services import taxpayer_account_open
    from tests.tax import fake_register

    fake_register.install()
    info = fake_register.add_company(
        fake_register.COMPANY_CODE,
        "Alice Digital OÜ",
        board=[(fake_register.ALICE_CODE, "Alice", "Applicant", p["alice"])],
    )
    account = TaxpayerAccount.objects.filter(registry_code=info.registry_code).first() or taxpayer_account_open(
        info=info, actor="register"
    )
    tax_return = TaxReturn.objects.filter(account=account).first()
    if tax_return is None:
        tax_return = TaxReturn(
            account=account,
            kind="TSD",
            period="2026-01",
            state="submitted",
            source="json",
            request={},
            result={
                "kind": "TSD",
                "period": "2026-01",
                "lines": [],
                "totals": {},
                "rules": [],
                "due_date": "2026-02-10",
            },
            rules_digest="x",
            due_date="2026-02-10",
            total_to_pay=0,
            canonical_sha256="0" * 64,
            signed_by=p["alice"],
            signer_role="board_member",
        )
        tax_return.pdf.save("r.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
        tax_return.receipt.save("receipt.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
        tax_return.save()
    return account, tax_return


def no_kwargs(p):
    _company(p)  # installs the fake register, which the page reads
    return None


def company_kwargs(p):
    return {"registry_code": _company(p)[0].registry_code}


def kind_kwargs(p):
    return {**company_kwargs(p), "kind": "TSD"}


def mandate_kwargs(p):
    return {**company_kwargs(p), "code": UUID}


def return_kwargs(p):
    return {"code": _company(p)[1].code}


MATRIX = [
    ("tax:rules", None, everyone(200)),
    ("tax_api:calculate", None, everyone(405)),
    ("tax_api:calculate-schema", None, everyone(200)),
    ("tax:companies", no_kwargs, signed_in(200)),
    ("tax:company", company_kwargs, company_page()),
    ("tax:person_add", company_kwargs, company_page(officials=403)),
    ("tax:board_sync", company_kwargs, signed_in(405)),
    ("tax:vat_apply", company_kwargs, company_page(officials=403)),
    ("tax:mandate_grant", company_kwargs, company_page(officials=403)),
    ("tax:mandate_revoke", mandate_kwargs, signed_in(405)),
    ("tax:return_new", kind_kwargs, company_page(officials=403)),
    ("tax:return_upload", company_kwargs, company_page(officials=403)),
    ("tax:return_detail", return_kwargs, company_page()),
    ("tax:return_pdf", return_kwargs, company_page()),
    ("tax:return_receipt", return_kwargs, company_page()),
    ("tax:vat_queue", None, {**everyone(403), "anon": 302, "tom": 200, "aud": 200}),
    ("tax:vat_decide", lambda p: {"code": UUID}, {**everyone(403), "anon": 302, "tom": 405}),
]
