"""The Stripe webhook: a machine endpoint, without language prefix or CSRF token; the
``Stripe-Signature`` header (HMAC with our endpoint secret, within the tolerance) is what
authenticates it."""

from __future__ import annotations

import logging

import stripe
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from payments.exceptions import MalformedEvent, ProviderUnavailable
from payments.providers.stripe_checkout import verify_and_parse
from payments.services import provider_event_receive

logger = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest) -> JsonResponse:
    try:
        event = verify_and_parse(payload=request.body, signature=request.headers.get("Stripe-Signature"))
    except stripe.SignatureVerificationError as error:
        logger.warning("Refused a Stripe webhook: %s", error)
        return JsonResponse({"error": "signature", "reason": str(error)}, status=400)
    except MalformedEvent as error:
        return JsonResponse({"error": "malformed", "reason": str(error)}, status=400)
    except ProviderUnavailable as error:
        return JsonResponse({"error": "not_configured", "reason": str(error)}, status=503)
    result = provider_event_receive(event=event)
    return JsonResponse({"received": True, "event": event.event_id, "outcome": result.outcome})
