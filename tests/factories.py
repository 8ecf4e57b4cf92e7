"""factory_boy factories for the foundation's models; shallow graphs, traits for roles."""

from __future__ import annotations

from decimal import Decimal

import factory
from django.utils import timezone

from accounts.constants import Role
from accounts.models import User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    given_name = factory.Faker("first_name")
    surname = factory.Faker("last_name")
    role = Role.APPLICANT
    email_verified_at = factory.LazyFunction(timezone.now)
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery staple")

    class Params:
        unverified = factory.Trait(email_verified_at=None)
        identity_official = factory.Trait(role=Role.IDENTITY_OFFICIAL)
        pickup_official = factory.Trait(role=Role.PICKUP_OFFICIAL)
        auditor = factory.Trait(role=Role.AUDITOR)
        administrator = factory.Trait(role=Role.ADMINISTRATOR, is_staff=True)

    @factory.post_generation
    def _save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save(update_fields=["password"])


# --- Cases in a given state, for tests that need "an application in review" and not the
# journey that leads there. The state is written at creation (as a fixture would load it),
# never moved by hand afterwards: state changes in tests go through the services.
# Models are named by app label so the factories survive the apps moving between packages.


class PickupLocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "eresidency.PickupLocation"
        django_get_or_create = ("code",)

    code = "tallinn-ppa"
    name = "PPA service office"
    kind = "ppa_office"
    country = "EE"
    city = "Tallinn"
    address = "Tammsaare tee 47"

    class Params:
        embassy = factory.Trait(
            code="berlin-embassy", name="Embassy of Estonia", kind="embassy", country="DE", city="Berlin"
        )


def _tallinn_today():
    return timezone.localdate()


class ApplicationFactory(factory.django.DjangoModelFactory):
    """An e-Residency application; traits give the state and the facts that go with it."""

    class Meta:
        model = "eresidency.Application"

    applicant = factory.SubFactory(UserFactory)
    state = "draft"
    given_names = factory.LazyAttribute(lambda o: o.applicant.given_name[:30] or "Alice")
    surname = factory.LazyAttribute(lambda o: o.applicant.surname[:28] or "Applicant")
    email = factory.LazyAttribute(lambda o: o.applicant.email)
    date_of_birth = factory.LazyFunction(lambda: timezone.datetime(1990, 5, 17).date())
    sex = "F"
    citizenship = "DE"
    residence_country = "DE"
    document_type = "passport"
    document_number = factory.Sequence(lambda n: f"C01X{n:05d}")
    document_country = "DE"
    document_expiry = factory.LazyFunction(lambda: timezone.datetime(2034, 1, 31).date())
    pickup_location = factory.SubFactory(PickupLocationFactory)

    class Params:
        submitted = factory.Trait(state="submitted", submitted_at=factory.LazyFunction(timezone.now))
        in_review = factory.Trait(
            state="in_review",
            submitted_at=factory.LazyFunction(timezone.now),
            paid_at=factory.LazyFunction(timezone.now),
            decision_due=factory.LazyFunction(lambda: _tallinn_today() + timezone.timedelta(days=30)),
        )
        overdue = factory.Trait(
            state="in_review",
            submitted_at=factory.LazyFunction(timezone.now),
            paid_at=factory.LazyFunction(timezone.now),
            decision_due=factory.LazyFunction(lambda: _tallinn_today() - timezone.timedelta(days=1)),
        )
        approved = factory.Trait(
            state="approved",
            submitted_at=factory.LazyFunction(timezone.now),
            paid_at=factory.LazyFunction(timezone.now),
            decided_at=factory.LazyFunction(timezone.now),
        )
        refused = factory.Trait(
            state="refused",
            submitted_at=factory.LazyFunction(timezone.now),
            paid_at=factory.LazyFunction(timezone.now),
            decided_at=factory.LazyFunction(timezone.now),
        )


class PersonalCodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "digital_id.PersonalCode"

    person = factory.SubFactory(UserFactory)
    birth_date = factory.LazyFunction(lambda: timezone.datetime(1990, 5, 17).date())
    digit = 4
    serial = factory.Sequence(lambda n: n % 1000)
    code = factory.Sequence(lambda n: f"49005170{n % 1000:03d}")


class DigitalIdFactory(factory.django.DjangoModelFactory):
    """A digital ID record in a state, without keys or certificates: for lists, counts,
    panels and access checks. Tests of signing use the real chain (tests/digital_id)."""

    class Meta:
        model = "digital_id.DigitalId"

    holder = factory.SubFactory(UserFactory)
    personal_code = factory.SubFactory(PersonalCodeFactory, person=factory.SelfAttribute("..holder"))
    application = factory.SubFactory(ApplicationFactory, applicant=factory.SelfAttribute("..holder"), approved=True)
    document_number = factory.Sequence(lambda n: f"N{n:07d}")
    state = "ordered"
    given_names = factory.LazyAttribute(lambda o: o.application.given_names)
    surname = factory.LazyAttribute(lambda o: o.application.surname)
    date_of_birth = factory.LazyAttribute(lambda o: o.application.date_of_birth)
    sex = "F"
    citizenship = "DE"
    travel_document_type = "passport"
    travel_document_number = factory.LazyAttribute(lambda o: o.application.document_number)
    travel_document_country = "DE"
    pickup_location = factory.LazyAttribute(lambda o: o.application.pickup_location)

    class Params:
        manufactured = factory.Trait(state="manufactured", manufactured_at=factory.LazyFunction(timezone.now))
        at_pickup_point = factory.Trait(
            state="at_pickup_point",
            manufactured_at=factory.LazyFunction(timezone.now),
            arrived_at=factory.LazyFunction(timezone.now),
            pickup_deadline=factory.LazyFunction(lambda: _tallinn_today() + timezone.timedelta(days=182)),
        )
        suspended = factory.Trait(state="suspended")


class PaymentFactory(factory.django.DjangoModelFactory):
    """A payment of the e-Residency state fee; ``succeeded=True`` for a paid one."""

    class Meta:
        model = "payments.Payment"

    payer = factory.SubFactory(UserFactory)
    purpose = "eresidency_application"
    reference = factory.Sequence(lambda n: f"ref-{n}")
    description = "e-Residency state fee"
    amount = Decimal("150.00")
    provider = "local"
    status = "created"
    created_on = factory.LazyFunction(_tallinn_today)

    class Params:
        pending = factory.Trait(status="pending")
        succeeded = factory.Trait(status="succeeded", succeeded_at=factory.LazyFunction(timezone.now))
        failed = factory.Trait(status="failed", closed_at=factory.LazyFunction(timezone.now))
