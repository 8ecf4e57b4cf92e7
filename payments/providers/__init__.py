"""Payment providers: Stripe (hosted Checkout) and a local imitation for development."""

from __future__ import annotations

from django.utils.translation import gettext as _

from payments.constants import Provider
from payments.exceptions import ProviderUnavailable
from payments.providers.base import PaymentProvider


def get_provider(name: str) -> PaymentProvider:
    if name == Provider.STRIPE:
        from payments.providers.stripe_checkout import StripeProvider

        return StripeProvider()
    if name == Provider.LOCAL:
        from payments.providers.local import LocalProvider

        return LocalProvider()
    raise ProviderUnavailable(_("Unknown payment provider."))
