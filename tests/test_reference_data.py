"""Reference data loaded by data migrations survives the flush after transactional tests.

The order matters: the first test flushes the database when it ends, the second checks
that fees (payments) were loaded again."""

import pytest

from tests.conftest import REFERENCE_DATA_LOADERS


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_flushes_everything_when_it_ends():
    from payments.models import Fee

    assert Fee.objects.exists()


def test_reference_data_is_back_for_the_next_test(db):
    from payments.models import Fee

    assert Fee.objects.filter(code="eresidency_state_fee").exists()


def test_every_loader_is_importable_and_callable():
    import importlib

    for module, function in REFERENCE_DATA_LOADERS:
        assert callable(getattr(importlib.import_module(module), function))
