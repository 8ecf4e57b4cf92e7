"""Reference data people read, listed for the translation catalogue (``gettext_noop``):
the values are stored in English; templates show them with ``|datatrans`` and
``PickupLocation.__str__`` translates the name. Add a line here when a new location or
restriction ships, and write its Estonian and Thai in the catalogue."""

from django.utils.translation import gettext_noop

PICKUP_LOCATION_NAMES = [
    gettext_noop("Police and Border Guard Board, Tammsaare service office"),
    gettext_noop("Police and Border Guard Board, Pärnu mnt service office"),
    gettext_noop("Police and Border Guard Board, Tartu service office"),
    gettext_noop("Embassy of Estonia in Bangkok"),
    gettext_noop("Embassy of Estonia in Berlin"),
    gettext_noop("Embassy of Estonia in Tokyo"),
    gettext_noop("Embassy of Estonia in Washington"),
    gettext_noop("Embassy of Estonia in New Delhi"),
    gettext_noop("Embassy of Estonia in Singapore"),
]

RESTRICTION_LEGAL_REFERENCES = [
    gettext_noop("Decision of the Police and Border Guard Board, March 2022"),
    gettext_noop("Identity Documents Act § 20⁶(11) and regulation of the Minister of the Interior"),
]
