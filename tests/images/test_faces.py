"""Faces are found and counted with OpenCV's bundled model, in drawings and in a real portrait."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from safepost.images.faces import faces_available, find_faces
from tests.images.photos import people, scenery

PORTRAIT = Path(__file__).parent / "data" / "astronaut.jpg"  # public domain, see data/README.md

pytestmark = pytest.mark.skipif(
    not faces_available(), reason="opencv-python-headless (photos extra) not installed"
)


@pytest.mark.parametrize("count", [1, 2, 3])
def test_each_drawn_face_is_counted(count: int) -> None:
    assert len(find_faces(people(count))) == count


def test_the_face_in_a_real_portrait_is_found_where_it_is() -> None:
    with Image.open(PORTRAIT) as photo:
        faces = find_faces(photo.convert("RGB"))
    assert len(faces) == 1
    left, top, right, bottom = faces[0]
    assert 60 <= left < right <= 170 and 10 <= top < bottom <= 110  # her face, upper middle


def test_a_landscape_and_a_blank_page_have_no_faces() -> None:
    assert find_faces(scenery()) == []
    assert find_faces(Image.new("RGB", (1000, 800), "white")) == []


def test_a_face_in_a_large_photo_is_found_and_boxed_in_full_size_pixels() -> None:
    photo = people(1, size=600)  # wider than the detector's working size, so it is shrunk first
    (box,) = find_faces(photo)
    left, top, right, bottom = box
    assert left < 600 < right and top < 900 < bottom  # the face is drawn at (600, 900), 600 px tall
    assert 400 < right - left < 1000


def test_boxes_are_scaled_back_to_the_original_photo() -> None:
    photo = people(1)
    (plain,) = find_faces(photo)
    (scaled,) = find_faces(photo, scale=3.0)
    assert scaled == pytest.approx(tuple(3 * v for v in plain), abs=3)


@pytest.mark.parametrize("size", [(10, 200_000), (200_000, 10)])
def test_a_long_thin_strip_is_searched_without_an_error(size: tuple[int, int]) -> None:
    # Shrunk to the detector's size, one side would round to 0 pixels: that raised ValueError.
    assert find_faces(Image.new("RGB", size, "white")) == []


def test_threads_searching_at_once_each_get_their_own_right_answer() -> None:
    # An audit checks several photos at once. One OpenCV cascade shared by threads corrupts their
    # searches (wrong counts, or "cv2.error: vector::_M_range_check").
    from concurrent.futures import ThreadPoolExecutor

    photos = [people(count) for count in (1, 2, 3)]
    with ThreadPoolExecutor(8) as pool:
        found = list(pool.map(lambda i: len(find_faces(photos[i % 3])), range(24)))
    assert found == [1 + i % 3 for i in range(24)]
