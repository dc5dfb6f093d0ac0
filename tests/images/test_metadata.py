"""Hidden data: GPS, owner names, serial numbers and dates from EXIF, XMP, IPTC and PNG text."""

from __future__ import annotations

import io
import warnings

import pytest
from PIL import ExifTags, Image, PngImagePlugin
from PIL.TiffImagePlugin import IFDRational

from safepost.images.metadata import MetaItem, read_metadata
from tests.images.photos import BRISTOL, exif_block, jpeg_bytes, scenery


def items_of(data: bytes) -> list[MetaItem]:
    return read_metadata(Image.open(io.BytesIO(data)))


def test_exif_gps_owner_serial_and_date_are_all_found() -> None:
    exif = exif_block(
        gps=BRISTOL, artist="Jane Doe", owner="J Doe", serial="SN-884211", taken="2024:05:01 08:12:00"
    )
    found = {(i.kind, i.value) for i in items_of(jpeg_bytes(scenery(), exif))}
    assert ("owner", "Jane Doe") in found
    assert ("owner", "J Doe") in found
    assert ("serial", "SN-884211") in found
    assert ("taken-at", "2024:05:01 08:12:00") in found


def test_gps_position_is_decoded_to_signed_degrees() -> None:
    gps = next(i for i in items_of(jpeg_bytes(scenery(), exif_block(gps=BRISTOL))) if i.kind == "gps")
    assert gps.position == pytest.approx(BRISTOL, abs=1e-4)
    assert gps.part == "GPS position (EXIF)"


def test_southern_and_western_positions_are_negative() -> None:
    gps = next(
        i for i in items_of(jpeg_bytes(scenery(), exif_block(gps=(-33.86, 151.21)))) if i.kind == "gps"
    )
    assert gps.position == pytest.approx((-33.86, 151.21), abs=1e-4)


def test_a_zero_zero_position_means_no_fix_and_is_ignored() -> None:
    assert not [i for i in items_of(jpeg_bytes(scenery(), exif_block(gps=(0.0, 0.0)))) if i.kind == "gps"]


def _gps_exif(latitude: tuple[IFDRational, ...], longitude: tuple[IFDRational, ...]) -> Image.Exif:
    exif = Image.Exif()
    info = exif.get_ifd(ExifTags.IFD.GPSInfo)
    info[ExifTags.GPS.GPSLatitudeRef] = "N"
    info[ExifTags.GPS.GPSLatitude] = latitude
    info[ExifTags.GPS.GPSLongitudeRef] = "W"
    info[ExifTags.GPS.GPSLongitude] = longitude
    return exif


def test_unknown_minutes_or_seconds_written_as_0_over_0_still_give_the_position() -> None:
    exif = _gps_exif(
        (IFDRational(51, 1), IFDRational(27, 1), IFDRational(0, 0)),
        (IFDRational(2, 1), IFDRational(0, 0), IFDRational(0, 0)),
    )
    (gps,) = [i for i in items_of(jpeg_bytes(scenery(), exif)) if i.kind == "gps"]
    assert gps.position == pytest.approx((51.45, -2.0), abs=1e-6)


def test_degrees_with_a_zero_denominator_are_no_position_and_no_error() -> None:
    exif = _gps_exif(
        (IFDRational(51, 0), IFDRational(0, 0), IFDRational(1, 0)),
        (IFDRational(2, 1), IFDRational(0, 1), IFDRational(0, 1)),
    )
    assert not [i for i in items_of(jpeg_bytes(scenery(), exif)) if i.kind == "gps"]


def test_a_photo_without_hidden_data_yields_nothing() -> None:
    assert items_of(jpeg_bytes(scenery())) == []


XMP = b"""<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:exif="http://ns.adobe.com/exif/1.0/" xmlns:aux="http://ns.adobe.com/exif/1.0/aux/"
 xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"
 exif:GPSLatitude="51,27.27N" exif:GPSLongitude="2,35.27W" aux:SerialNumber="XMP-SERIAL-77"
 photoshop:City="Clevedon">
<dc:creator><rdf:Seq><rdf:li>Sam Carer</rdf:li></rdf:Seq></dc:creator>
</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>"""


def test_xmp_creator_serial_city_and_gps_are_found() -> None:
    items = items_of(jpeg_bytes(scenery(), xmp=XMP))
    found = {(i.kind, i.value) for i in items}
    assert ("owner", "Sam Carer") in found
    assert ("serial", "XMP-SERIAL-77") in found
    assert ("place", "Clevedon") in found
    gps = next(i for i in items if i.kind == "gps")
    assert gps.position == pytest.approx((51.4545, -2.5878), abs=1e-3)
    assert gps.part == "GPS position (XMP)"


def iptc_jpeg(records: dict[int, bytes]) -> bytes:
    """A JPEG with an APP13 Photoshop block holding IPTC records (2:nn)."""
    iptc = b"".join(b"\x1c\x02" + bytes([n]) + len(v).to_bytes(2, "big") + v for n, v in records.items())
    resource = (
        b"8BIM\x04\x04\x00\x00" + len(iptc).to_bytes(4, "big") + iptc + (b"\x00" if len(iptc) % 2 else b"")
    )
    payload = b"Photoshop 3.0\x00" + resource
    segment = b"\xff\xed" + (len(payload) + 2).to_bytes(2, "big") + payload
    data = jpeg_bytes(scenery())
    return data[:2] + segment + data[2:]


def test_iptc_byline_and_city_are_found() -> None:
    found = {
        (i.kind, i.value) for i in items_of(iptc_jpeg({80: b"Pat Photographer", 90: b"Weston-super-Mare"}))
    }
    assert ("owner", "Pat Photographer") in found
    assert ("place", "Weston-super-Mare") in found


def test_png_author_text_is_found() -> None:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Jo Bloggs")
    buffer = io.BytesIO()
    scenery().save(buffer, format="PNG", pnginfo=info)
    assert ("owner", "Jo Bloggs") in {(i.kind, i.value) for i in items_of(buffer.getvalue())}


def test_the_same_value_in_two_places_is_listed_once() -> None:
    exif = exif_block(artist="Sam Carer")
    items = items_of(jpeg_bytes(scenery(), exif, xmp=XMP))
    assert [i.value for i in items].count("Sam Carer") == 1


def _laughs() -> bytes:
    entities = '<!ENTITY l0 "lol">' + "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    return (
        f'<?xml version="1.0"?><!DOCTYPE x [{entities}]><x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>&l9;</dc:creator></rdf:Description>'
        "</rdf:RDF></x:xmpmeta>"
    ).encode()


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_an_xml_entity_bomb_in_xmp_is_refused_and_the_rest_is_still_read(fmt: str) -> None:
    # A billion laughs: ten levels of entities that expand ten times each. defusedxml refuses it.
    buffer = io.BytesIO()
    exif = exif_block(artist="Jane Doe")
    if fmt == "PNG":
        info = PngImagePlugin.PngInfo()
        info.add_itxt("XML:com.adobe.xmp", _laughs().decode())
        scenery((60, 40)).save(buffer, format=fmt, pnginfo=info, exif=exif)
    else:
        scenery((60, 40)).save(buffer, format=fmt, xmp=_laughs(), exif=exif)
    found = read_metadata(Image.open(io.BytesIO(buffer.getvalue())))
    assert [(i.kind, i.value) for i in found] == [("owner", "Jane Doe")]


def test_a_damaged_exif_block_prints_no_python_warnings_and_is_read_as_far_as_it_goes() -> None:
    # Cut short, this EXIF block makes Pillow warn "Truncated File Read", which Python prints on
    # the terminal with Pillow's file paths: noise for the person checking a photo.
    from safepost.images.opening import open_image

    block = exif_block(artist="Jane Doe with a long name", orientation=6).tobytes()
    buffer = io.BytesIO()
    scenery((60, 40)).save(buffer, format="JPEG", exif=block[:-12])
    data = buffer.getvalue()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        opened = open_image(data)
        items = read_metadata(opened.original)
    assert [str(w.message) for w in caught] == []
    assert opened.image.size == (40, 60)  # the orientation, before the damage, is still applied
    assert all(item.kind == "owner" for item in items)


def test_escape_sequences_in_hidden_data_are_made_harmless() -> None:
    # Whoever made the file wrote its text: ESC ] 0 ; ... BEL retitles a terminal, ESC [ 2 J clears it.
    exif = exif_block(artist="Jane \x1b]0;owned\x07 Doe \x1b[2J")
    (item,) = items_of(jpeg_bytes(scenery((60, 40)), exif))
    assert item.value == "Jane \ufffd]0;owned\ufffd Doe \ufffd[2J"
