"""Accessibility, proved in Chromium: axe-core (through axe-playwright-python) on the main
pages of every role in every language, zero serious or critical violations; and the first
step of the application form filled in with the keyboard alone.

One browser for the whole module and one page reused for every check, so the suite stays
quick; sessions are planted as cookies instead of signing in through the form."""

from __future__ import annotations

import os
import shutil

import pytest
from django.urls import reverse

from tests.conftest import CHROMIUM, _retire_forked_validators, signed_in_client

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ("en", "et", "th")
SERIOUS = {"serious", "critical"}


@pytest.fixture(scope="module")
def chromium():
    if not shutil.which(CHROMIUM):
        pytest.skip("Chromium is not installed (make test installs Debian's chromium package)")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
        )
        yield browser
        browser.close()
        _retire_forked_validators()


def _prefixed(path: str, language: str) -> str:
    return path if language == "en" else f"/{language}{path}"


def _pages_by_role(personas, draft_code) -> dict[str, list[str]]:
    step = reverse("eresidency:step", kwargs={"code": draft_code, "step": "personal"})
    return {
        "anon": [
            "/",
            reverse("accounts:login"),
            reverse("accounts:signup"),
            reverse("accounts:password_reset"),
            reverse("digital_id:login"),
            reverse("digital_id:check"),
        ],
        "alice": [
            reverse("accounts:home"),
            reverse("eresidency:start"),
            step,
            reverse("eresidency:status", kwargs={"code": draft_code}),
            reverse("payments:mine"),
            reverse("digital_id:mine"),
            reverse("accounts:password_change"),
        ],
        "ivan": [reverse("accounts:home"), reverse("eresidency:queue"), reverse("digital_id:registry")],
        "pia": [reverse("accounts:home"), reverse("digital_id:desk")],
        "rita": [reverse("accounts:home")],
        "tom": [reverse("accounts:home")],
        "aud": [reverse("accounts:home"), reverse("accounts:journal"), reverse("eresidency:attention")],
        "ada": [reverse("accounts:home"), reverse("payments:operations"), reverse("accounts:failed_tasks")],
    }


def _strip(path: str) -> str:
    for language in LANGUAGES[1:]:
        if path.startswith(f"/{language}/"):
            return path[len(language) + 1 :]
    return path


@pytest.mark.parametrize("language", LANGUAGES)
def test_main_pages_of_every_role_have_no_serious_violations(chromium, live_server, personas, language):
    from axe_playwright_python.sync_playwright import Axe

    from eresidency.services import application_start

    draft = application_start(applicant=personas["alice"], actor=personas["alice"])
    axe = Axe()
    found: list[str] = []
    checked = 0
    host = live_server.url.split("//", 1)[1].split(":")[0]
    for role, paths in _pages_by_role(personas, draft.code).items():
        context = chromium.new_context(base_url=live_server.url)
        if role != "anon":
            client = signed_in_client(personas[role])
            context.add_cookies(
                [{"name": "sessionid", "value": client.cookies["sessionid"].value, "domain": host, "path": "/"}]
            )
        page = context.new_page()
        page.set_default_timeout(15000)
        for path in paths:
            url = _prefixed(_strip(path), language)
            response = page.goto(url)
            assert response is not None and response.status == 200, (role, url, response and response.status)
            assert page.evaluate("document.documentElement.lang") == language
            results = axe.run(page)
            assert results.response["testEngine"]["name"] == "axe-core"
            checked += 1
            for violation in results.response["violations"]:
                if violation.get("impact") in SERIOUS:
                    targets = [str(node.get("target")) for node in violation["nodes"][:3]]
                    found.append(f"{role} {url}: {violation['id']} ({violation['impact']}) {targets}")
        context.close()
    assert checked == sum(len(paths) for paths in _pages_by_role(personas, draft.code).values())
    assert found == [], "\n".join(found)


def test_application_form_first_step_with_the_keyboard_only(chromium, live_server, personas):
    from eresidency.models import Application
    from eresidency.services import application_start

    draft = application_start(applicant=personas["alice"], actor=personas["alice"])
    host = live_server.url.split("//", 1)[1].split(":")[0]
    context = chromium.new_context(base_url=live_server.url)
    client = signed_in_client(personas["alice"])
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "domain": host, "path": "/"}]
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(reverse("eresidency:step", kwargs={"code": draft.code, "step": "personal"}))
    keyboard = page.keyboard
    # The skip link comes first and lands on the main content.
    keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    keyboard.press("Enter")

    def tab_to(field_id: str, limit: int = 60) -> None:
        for _ in range(limit):
            keyboard.press("Tab")
            if page.evaluate("document.activeElement.id") == field_id:
                return
        raise AssertionError(f"{field_id} is not reachable with Tab")

    def type_into(field_id: str, text: str) -> None:
        tab_to(field_id)
        keyboard.press("Control+A")
        keyboard.type(text)

    type_into("id_given_names", "Anna Maria")
    type_into("id_surname", "Eriksson")
    type_into("id_date_of_birth", "12.08.1985")
    tab_to("id_sex_0")
    keyboard.press("Space")
    tab_to("id_citizenship")
    keyboard.type("Sweden")  # a closed select jumps to the typed option
    tab_to("id_residence_country")
    keyboard.type("Sweden")
    type_into("id_email", "anna@example.org")
    type_into("id_phone", "+46 70 123 45 67")
    # Focus is visible on every control we reach.
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    for _ in range(40):
        keyboard.press("Tab")
        if page.evaluate("document.activeElement.value") == "continue":
            break
    keyboard.press("Enter")
    page.wait_for_url("**/step/document/**")
    saved = Application.objects.get(pk=draft.pk)
    assert (saved.given_names, saved.surname, str(saved.date_of_birth)) == ("Anna Maria", "Eriksson", "1985-08-12")
    assert saved.citizenship == "SE" and "personal" in saved.completed_steps
    context.close()
