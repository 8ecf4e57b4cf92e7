"""Expected GET status of the foundation's pages for each persona ("anon" = signed out).

The authorization test walks every URL in the project and needs each one listed in some
app's access_matrix.py: a new page without an entry fails the suite.
"""

ALL = ("anon", "alice", "oscar", "ivan", "pia", "rita", "tom", "aud", "ada")
OFFICIALS = ("ivan", "pia", "rita", "tom", "aud", "ada")


def everyone(status):
    return dict.fromkeys(ALL, status)


def signed_in(status, anon=302):
    return {**dict.fromkeys(ALL, status), "anon": anon}


MATRIX = [
    ("home", None, everyone(200)),
    ("accounts:login", None, {**everyone(302), "anon": 200}),
    ("accounts:logout", None, everyone(405)),
    ("accounts:signup", None, {**everyone(302), "anon": 200}),
    ("accounts:verify_pending", None, {**everyone(302)}),
    ("accounts:verify_resend", None, everyone(405)),
    ("accounts:verify_email", lambda p: {"token": "not-a-token"}, everyone(400)),
    ("accounts:home", None, signed_in(200)),
    ("accounts:2fa_setup", None, {**dict.fromkeys(OFFICIALS, 302), "alice": 200, "oscar": 200, "anon": 302}),
    ("accounts:2fa_verify", None, {**dict.fromkeys(OFFICIALS, 200), "alice": 302, "oscar": 302, "anon": 302}),
    ("accounts:password_change", None, signed_in(200)),
    ("accounts:password_reset", None, everyone(200)),
    ("accounts:password_reset_done", None, everyone(200)),
    ("accounts:password_reset_confirm", lambda p: {"uidb64": "MQ", "token": "bad-token"}, everyone(200)),
    ("accounts:password_reset_complete", None, everyone(200)),
    ("accounts:journal", None, {**everyone(403), "anon": 302, "aud": 200, "ada": 200}),
    ("accounts:journal_verify", None, {**everyone(405)}),
    ("accounts:failed_tasks", None, {**everyone(403), "anon": 302, "ada": 200}),
    ("set_language", None, everyone(405)),  # POST only (accounts.views.language_set)
    ("javascript-catalog", None, everyone(200)),
    ("api-schema", None, everyone(200)),
    ("api-docs", None, everyone(200)),
]
