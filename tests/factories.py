"""factory_boy factories for the foundation's models; shallow graphs, traits for roles."""

from __future__ import annotations

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
