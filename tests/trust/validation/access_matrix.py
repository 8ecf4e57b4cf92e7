"""Who may open the validation service's pages: everyone. Wired into the global
authorization test as ``MATRIX = [(url_name, kwargs_factory_or_None, {persona: status})]``."""

EVERYONE = ("anon", "alice", "oscar", "ivan", "iris", "pia", "rita", "tom", "aud", "ada")

MATRIX = [
    ("validation:validate", None, dict.fromkeys(EVERYONE, 200)),
    # POST-only endpoints answer a GET with 405 for everyone alike.
    ("validation:report", None, dict.fromkeys(EVERYONE, 405)),
    ("validation:report_pdf", None, dict.fromkeys(EVERYONE, 405)),
    ("trust_api:validate", None, dict.fromkeys(EVERYONE, 405)),
]
