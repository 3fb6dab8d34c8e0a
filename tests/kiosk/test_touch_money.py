"""The touch screen's withdrawal buttons come from the notes the kiosk holds."""

import pytest

from kiosk.views.touch import quick_amounts


@pytest.mark.parametrize(
    ("notes", "limit", "amounts"),
    [((5000, 2000, 1000, 500), 50_000, [2000, 5000, 10_000, 20_000]),  # pounds
     ((50_000, 10_000, 5_000, 1_000), 1_000_000, [10_000, 50_000, 100_000, 200_000]),  # won
     ((5000, 2000, 1000, 500), 10_000, [2000, 5000, 10_000]),  # within the kiosk's limit
     ((2000, 2000), 50_000, [2000, 4000, 8000]),  # one kind of note
     ((), 50_000, [])],
)
def test_quick_amounts_are_the_largest_notes_and_multiples(notes, limit, amounts):
    assert quick_amounts(notes, limit) == amounts
