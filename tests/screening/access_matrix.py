"""The screening app has no pages of its own: it is a service that eresidency (and later
companies) call, and its lists are managed in the Django admin, which the global admin
checks already cover. Its partials are tested where they are rendered (test_templates.py)."""

MATRIX: list = []
