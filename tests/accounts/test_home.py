import pytest
from django.urls import reverse

from accounts.constants import Role
from accounts.home import HomePanel, _panels, register_home_panel


@pytest.fixture
def temporary_panel():
    register_home_panel(
        Role.REGISTRAR,
        HomePanel("test-inbox", "accounts/tests/panel.html", lambda request: {"count": 7}),
    )
    yield
    _panels[Role.REGISTRAR].pop("test-inbox", None)


def test_role_home_shows_the_role_and_an_empty_state(client_for):
    response = client_for("tom").get(reverse("accounts:home"))
    assert response.status_code == 200
    assert "Tax officer" in response.content.decode()


def test_registered_panel_renders_with_its_context(client_for, temporary_panel, settings, tmp_path):
    template_dir = tmp_path / "templates" / "accounts" / "tests"
    template_dir.mkdir(parents=True)
    (template_dir / "panel.html").write_text("<p>Inbox: {{ panel_context.count }}</p>")
    base = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**base, "DIRS": [tmp_path / "templates", *base["DIRS"]]}]
    body = client_for("rita").get(reverse("accounts:home")).content.decode()
    assert "Inbox: 7" in body
    other = client_for("tom").get(reverse("accounts:home")).content.decode()
    assert "Inbox: 7" not in other


def test_landing_page_explains_three_journeys_with_costs(client, db):
    body = client.get(reverse("home")).content.decode()
    for text in ("Become an e-resident", "Found a company", "File your taxes", "€150", "€265", "30 days"):
        assert text in body


def test_language_switch_serves_estonian_prefix(client, db):
    response = client.post(reverse("set_language"), {"language": "et", "next": "/"})
    assert response.status_code == 302 and response["Location"].startswith("/et/")
    page = client.get("/et/")
    assert page.status_code == 200 and 'lang="et"' in page.content.decode()


def test_error_pages_use_the_site_layout(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "skip-link" in response.content.decode() and "Page not found" in response.content.decode()


def test_unverified_applicant_home_asks_to_confirm_the_address(db):
    from tests.conftest import signed_in_client
    from tests.factories import UserFactory

    user = UserFactory(unverified=True)
    body = signed_in_client(user).get(reverse("accounts:home")).content.decode()
    assert "Your e-mail address is not confirmed yet." in body


def test_thai_pages_are_served_from_the_catalogue(client, db):
    body = client.get("/th/").content.decode()
    assert 'lang="th"' in body
    assert "ข้ามไปยังเนื้อหาหลัก" in body  # "Skip to main content"
    assert "เข้าสู่ระบบ" in body  # "Sign in"


def test_estonian_pages_are_served_from_the_catalogue(client, db):
    body = client.get("/et/").content.decode()
    assert "Liigu põhisisu juurde" in body  # "Skip to main content"
    assert "Logi sisse" in body  # "Sign in"


def test_landing_figures_come_from_the_dated_fee_table(client, db):
    # A new fee version from today replaces the displayed amount without touching templates.
    from datetime import timedelta
    from decimal import Decimal

    from eresidency.deadlines import tallinn_date
    from payments.models import Fee

    today = tallinn_date()
    current = Fee.objects.get(code="eresidency_state_fee", variant="", valid_to__isnull=True)
    Fee.objects.filter(pk=current.pk).update(valid_to=today - timedelta(days=1))
    Fee.objects.create(
        code="eresidency_state_fee", variant="", amount=Decimal("175.00"), valid_from=today, currency="EUR"
    )
    body = client.get(reverse("home")).content.decode()
    assert "€175, paid when you apply" in body and "€150" not in body


@pytest.fixture
def cached_panel(settings, tmp_path):
    from accounts.home import journal_cached

    calls = {"n": 0}

    @journal_cached(per_user=True, seconds=300)
    def context(request):
        calls["n"] += 1
        return {"count": calls["n"]}

    template_dir = tmp_path / "templates" / "accounts" / "tests"
    template_dir.mkdir(parents=True)
    (template_dir / "cached.html").write_text("<p>Computed {{ panel_context.count }} times</p>")
    base = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**base, "DIRS": [tmp_path / "templates", *base["DIRS"]]}]
    register_home_panel(Role.REGISTRAR, HomePanel("test-cached", "accounts/tests/cached.html", context))
    yield calls
    _panels[Role.REGISTRAR].pop("test-cached", None)


def test_a_journal_cached_panel_is_computed_again_only_after_a_journal_entry(client_for, personas, cached_panel):
    from audit.services import journal_record

    rita = client_for("rita")
    assert "Computed 1 times" in rita.get(reverse("accounts:home")).content.decode()
    assert "Computed 1 times" in rita.get(reverse("accounts:home")).content.decode()
    assert cached_panel["n"] == 1
    journal_record(actor=personas["rita"], action="test_act", subject=personas["rita"])
    assert "Computed 2 times" in rita.get(reverse("accounts:home")).content.decode()
    # Another registrar gets a panel of their own (per_user).
    from tests.conftest import signed_in_client
    from tests.factories import UserFactory

    other = signed_in_client(UserFactory(role=Role.REGISTRAR))
    assert "Computed 3 times" in other.get(reverse("accounts:home")).content.decode()


@pytest.mark.parametrize("persona", ["alice", "ivan", "pia", "rita", "tom", "aud", "ada"])
def test_home_pages_run_a_constant_number_of_queries(persona, client_for, django_assert_max_num_queries):
    client = client_for(persona)
    with django_assert_max_num_queries(18):  # a cold cache: every panel of every agency computed
        assert client.get(reverse("accounts:home")).status_code == 200
    with django_assert_max_num_queries(9):  # warm: cached panels cost the journal head only (the outbox panel is live)
        assert client.get(reverse("accounts:home")).status_code == 200
