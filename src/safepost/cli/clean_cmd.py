"""``safepost clean``: a copy of a photo that is safe to post — no hidden data, faces blurred on request."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.text import Text

from safepost.errors import UsageError

HELP = """Make a copy of PHOTO that carries no hidden data (GPS position, names, serial numbers, dates):
only the picture, turned the right way up. With --blur-faces, faces are blurred too. The original
is never changed; the copy is read back to make sure nothing is left."""


def clean(
    photo: Annotated[Path, typer.Argument(help="The photo to copy (JPEG, PNG, WebP, GIF, HEIC, ...).")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Where to save the clean copy (.jpg, .png or .webp).")
    ],
    blur_faces: Annotated[
        bool, typer.Option("--blur-faces", help="Blur every face found (needs the photos extra).")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace OUTPUT if it already exists.")] = False,
) -> None:
    from safepost.images.clean import clean_image  # Pillow loads only for this command
    from safepost.images.faces import UNAVAILABLE, faces_available

    if blur_faces and not faces_available():
        raise UsageError(UNAVAILABLE.replace("Faces were not looked for", "Faces cannot be blurred"))
    report = clean_image(photo, output, blur_faces=blur_faces, overwrite=force)
    console = Console()
    console.print(
        Text(f"Saved a clean copy: {report.output} ({report.width}×{report.height})", style="bold green"),
        soft_wrap=True,
    )
    for note in report.notes:
        console.print(Text(f"Note: {note}", style="yellow"), soft_wrap=True)
    if report.removed:
        console.print(Text(f"Removed {len(report.removed)} hidden data field(s):"), soft_wrap=True)
        for part, value in report.removed:
            console.print(Text(f"  {part}: {value}", style="dim"), soft_wrap=True)
    else:
        console.print(Text("The photo carried no hidden data that safepost knows of; the copy has none."))
    if blur_faces:
        count = report.faces_blurred
        console.print(Text(f"Blurred {count} face{'s' if count != 1 else ''}."), soft_wrap=True)
        console.print(
            Text("Look at the copy before posting: faces seen from the side or very small may be missed."),
            soft_wrap=True,
        )
