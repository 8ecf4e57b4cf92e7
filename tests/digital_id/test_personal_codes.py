"""Personal identification codes: century and sex digits, serials, check digits (python-stdnum
validates every code), reuse for life."""

from datetime import date

import pytest
from stdnum.ee import ik

from accounts.models import User
from digital_id import personal_codes
from digital_id.exceptions import NoSerialLeft
from digital_id.models import PersonalCode, PersonalCodeCounter
from digital_id.services import personal_code_allocate


def person(n: int) -> User:
    return User.objects.create_user(email=f"person{n}@example.org", password="x")


@pytest.mark.parametrize(
    ("born", "sex", "digit"),
    [
        (date(1899, 12, 31), "M", 1),
        (date(1968, 5, 28), "M", 3),
        (date(1968, 5, 28), "F", 4),
        (date(2000, 1, 1), "M", 5),
        (date(2005, 2, 28), "F", 6),
    ],
)
def test_century_and_sex_digit(born, sex, digit):
    assert personal_codes.century_sex_digit(born, sex) == digit


def test_unspecified_sex_takes_the_configured_digit(settings):
    assert personal_codes.century_sex_digit(date(1990, 1, 1), "X") == 3
    settings.DIGITAL_ID_UNSPECIFIED_SEX_AS = "F"
    assert personal_codes.century_sex_digit(date(1990, 1, 1), "X") == 4


def test_known_code_is_rebuilt_with_stdnums_check_digit():
    assert personal_codes.build(digit=3, birth_date=date(1968, 5, 28), serial=10) == "36805280109"


def test_check_digit_second_round():
    # 3 76 03 03 … whose first weighted sum is 10 mod 11: the second weights decide.
    for serial in range(1, 1000):
        code = personal_codes.build(digit=4, birth_date=date(1976, 3, 3), serial=serial)
        first = sum(int(d) * w for d, w in zip(code[:10], (1, 2, 3, 4, 5, 6, 7, 8, 9, 1), strict=True)) % 11
        if first == 10:
            second = sum(int(d) * w for d, w in zip(code[:10], (3, 4, 5, 6, 7, 8, 9, 1, 2, 3), strict=True)) % 11
            assert code[10] == str(0 if second == 10 else second)
            assert ik.is_valid(code)
            break
    else:
        pytest.fail("no serial exercised the second round")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("born", "sex", "first"),
    [
        (date(1985, 7, 4), "M", "3"),
        (date(1985, 7, 4), "F", "4"),
        (date(2001, 11, 30), "M", "5"),
        (date(2003, 6, 1), "F", "6"),
    ],
)
def test_allocated_codes_are_valid_and_encode_birth_date_and_sex(born, sex, first):
    codes = [personal_code_allocate(person=person(i), birth_date=born, sex=sex).code for i in range(3)]
    assert len(set(codes)) == 3
    for code in codes:
        assert ik.is_valid(code), code
        assert code[0] == first
        assert ik.get_birth_date(code) == born
        assert ik.get_gender(code) == sex
    assert [c[7:10] for c in codes] == ["001", "002", "003"]


@pytest.mark.django_db
def test_a_person_keeps_their_code_for_life():
    someone = person(1)
    first = personal_code_allocate(person=someone, birth_date=date(1990, 5, 17), sex="F")
    again = personal_code_allocate(person=someone, birth_date=date(1990, 5, 17), sex="F")
    assert again.pk == first.pk
    assert PersonalCode.objects.count() == 1
    assert PersonalCodeCounter.objects.get().last_serial == 1


@pytest.mark.django_db
def test_serials_skip_codes_taken_otherwise_and_run_out_at_999():
    born = date(1970, 1, 1)
    PersonalCode.objects.create(
        code=personal_codes.build(digit=3, birth_date=born, serial=1),
        person=person(0),
        birth_date=born,
        digit=3,
        serial=1,
    )
    code = personal_code_allocate(person=person(1), birth_date=born, sex="M")
    assert code.serial == 2
    PersonalCodeCounter.objects.filter(birth_date=born, digit=3).update(last_serial=999)
    with pytest.raises(NoSerialLeft):
        personal_code_allocate(person=person(2), birth_date=born, sex="M")
    assert not PersonalCode.objects.filter(person__email="person2@example.org").exists()
