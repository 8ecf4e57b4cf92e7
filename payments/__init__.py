"""Payment service: fees as dated data, one payment path (Stripe Checkout, or a local
imitation in development), signed webhooks, refunds, receipts, reconciliation.

How another app takes a payment (see docs/contracts.md, "Payments")::

    from payments import registry, selectors, services

    # once, in AppConfig.ready():
    registry.register_settlement_handler("eresidency_application", mark_application_paid)

    # in a view, when the person presses "pay" (a double click returns the same payment):
    payment = services.payment_create(payer=request.user, purpose="eresidency_application",
                                      reference=str(application.code), fee_code="eresidency_state_fee",
                                      description=_("e-Residency state fee"), actor=request.user)
    return redirect(services.payment_checkout_url(payment=payment, return_url=..., cancel_url=...))

``mark_application_paid(payment)`` runs when the money is in (verified webhook, or the
local imitation's "Pay" button), inside the settling transaction; if it raises, the payment
stays paid and the hand-off is retried in the background.
"""
