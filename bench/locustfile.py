"""Locust load test: applicants and officials on their main pages (run by `python -m bench.load`).

Each simulated person signs in once (officials with their TOTP second factor), then walks
their main pages. The sign-in cookies are Secure (production mode), which a client keeps
to HTTPS, so on the loopback's plain HTTP they are carried by hand.
"""

from __future__ import annotations

import json
import os
import re

from django_otp.oath import totp  # a pure function: no Django set-up needed
from locust import HttpUser, between, task
from locust.exception import StopUser

ACCOUNTS = json.loads(open(os.environ["LOAD_ACCOUNTS_FILE"]).read())  # noqa: SIM115
MAX_TASKS = int(os.environ.get("LOAD_MAX_TASKS_PER_USER", "200"))
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_taken: dict[str, int] = {"applicant": 0, "official": 0}


class Person(HttpUser):
    abstract = True
    kind = ""
    wait_time = between(0.05, 0.2)

    def on_start(self) -> None:
        accounts = ACCOUNTS[self.kind]
        self.account = accounts[_taken[self.kind] % len(accounts)]
        _taken[self.kind] += 1
        self.cookies: dict[str, str] = {}
        self.done = 0
        self.sign_in()

    def _keep(self, response) -> None:
        for name in ("sessionid", "csrftoken"):
            if name in response.cookies:
                self.cookies[name] = response.cookies[name]

    def _headers(self) -> dict[str, str]:
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}

    def _form(self, url: str, data: dict[str, str], name: str) -> None:
        page = self.client.get(url, headers=self._headers(), name=name, allow_redirects=False)
        self._keep(page)
        token = _CSRF.search(page.text)
        if not token:
            raise StopUser()
        response = self.client.post(
            url,
            {**data, "csrfmiddlewaretoken": token.group(1)},
            headers=self._headers(),
            name=name,
            allow_redirects=False,
        )
        self._keep(response)

    def sign_in(self) -> None:
        self._form(
            "/accounts/login/", {"username": self.account["email"], "password": self.account["password"]}, "sign in"
        )
        if self.account.get("totp_key"):
            # Each simulated official has a device of its own: a code is accepted once per device.
            code = f"{totp(bytes.fromhex(self.account['totp_key'])):06d}"
            self._form("/accounts/two-factor/", {"token": code}, "second factor")

    def page(self, url: str, name: str) -> None:
        self.done += 1
        if self.done > MAX_TASKS:
            raise StopUser()
        with self.client.get(url, headers=self._headers(), name=name, allow_redirects=False, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"status {r.status_code}")


class Applicant(Person):
    kind = "applicant"
    weight = 3

    @task(3)
    def home(self) -> None:
        self.page("/accounts/home/", "applicant home")

    @task(1)
    def applications(self) -> None:
        self.page("/eresidency/mine/", "applicant: my applications")


class Official(Person):
    kind = "official"
    weight = 1

    @task(2)
    def home(self) -> None:
        self.page("/accounts/home/", "official home")

    @task(2)
    def queue(self) -> None:
        self.page("/eresidency/review/", "official: review queue")
