"""Rules on ventures that a CHECK constraint cannot express, enforced by validation."""

import pytest
from django.core.exceptions import ValidationError

from people.models import Party
from ventures.models import Venture


def test_a_venture_cannot_be_operated_by_a_person(archive):
    venture = Venture.objects.get(slug="asan-sanghoe")
    venture.operated_by = Party.objects.get(slug="hwang-jin-sol")
    with pytest.raises(ValidationError, match="run by an organisation or venture"):
        venture.full_clean()


def test_a_venture_may_be_operated_by_an_organisation(archive):
    venture = Venture.objects.get(slug="asan-sanghoe")
    assert venture.operated_by.slug == "asan-nanum-foundation"
    venture.full_clean()
