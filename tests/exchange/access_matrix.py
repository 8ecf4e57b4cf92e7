"""Who may open the exchange's pages: (url name, kwargs factory or None, {persona: status})."""

from __future__ import annotations

from datetime import date

PEOPLE = ("anon", "alice", "oscar", "ivan", "iris", "pia", "rita", "tom", "aud", "ada")
OFFICIALS = ("ivan", "iris", "pia", "rita", "tom", "aud", "ada")


def _status(default: int, anon: int = 302, **overrides: int) -> dict[str, int]:
    out = dict.fromkeys(PEOPLE, default)
    out["anon"] = anon
    out.update(overrides)
    return out


def _member(personas):
    from exchange.models import Member

    member = Member.objects.filter(registry_code="matrix-1").first()
    if member is None:
        from exchange.services import member_apply

        member = member_apply(name="Matrix Bank", registry_code="matrix-1", country="EE", contact=personas["oscar"])
    return member


def _member_kwargs(personas):
    return {"code": _member(personas).code}


def _agreement_kwargs(personas):
    from exchange.services import agreement_create

    agreement = agreement_create(
        service_code="identity_board.digital_id_status",
        consumer=_member(personas),
        fields=["status"],
        purpose="matrix",
        legal_basis="matrix",
        provider_official=personas["ivan"],
        consumer_official=personas["oscar"],
        valid_from=date(2026, 1, 1),
        actor="test",
    )
    return {"code": agreement.code}


def _change_kwargs(personas):
    return {**_agreement_kwargs(personas), "action": "end"}


def _decide_kwargs(personas):
    return {**_member_kwargs(personas), "action": "approve"}


APPLICANTS_ONLY = _status(403, alice=200, oscar=200)
ALL_405 = dict.fromkeys(PEOPLE, 405)
ALL_401 = dict.fromkeys(PEOPLE, 401)

MATRIX = [
    ("exchange:my_data", None, APPLICANTS_ONLY),
    ("exchange:my_data_csv", None, APPLICANTS_ONLY),
    ("exchange:dpo", None, _status(403, aud=200)),
    ("exchange:anchors", None, dict.fromkeys(PEOPLE, 200)),
    ("exchange:agreements", None, _status(200, alice=403, oscar=403)),
    ("exchange:agreement_new", None, _status(403, ada=200)),
    ("exchange:agreement", _agreement_kwargs, _status(200, alice=404)),
    ("exchange:agreement_document", _agreement_kwargs, _status(200, alice=404)),
    ("exchange:agreement_sign", _agreement_kwargs, ALL_405),
    ("exchange:agreement_change", _change_kwargs, ALL_405),
    ("exchange:members", None, _status(403, aud=200, ada=200)),
    ("exchange:member_apply", None, APPLICANTS_ONLY),
    ("exchange:member", _member_kwargs, _status(404, oscar=200, aud=200, ada=200)),
    ("exchange:member_credentials", _member_kwargs, ALL_405),
    # Without a period the auditor is sent back to the member page.
    ("exchange:member_messages", _member_kwargs, _status(403, aud=302)),
    ("exchange:member_decide", _decide_kwargs, ALL_405),
    ("exchange_api:services", None, dict.fromkeys(PEOPLE, 200)),
    ("exchange_api:anchors", None, dict.fromkeys(PEOPLE, 200)),
    # The member API knows only bearer tokens: a browser session is no member.
    ("exchange_api_v1:token", None, ALL_405),
    ("exchange_api_v1:services", None, ALL_401),
    ("exchange_api_v1:query", lambda p: {"service_code": "identity_board.person_basic"}, ALL_401),
    ("exchange_api_v1:usage", None, ALL_401),
]
