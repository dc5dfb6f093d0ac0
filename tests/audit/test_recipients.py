"""Who a sent message went to, as exports name them."""

from __future__ import annotations

from safepost.audit.recipients import recipient_names
from safepost.importers.items import Item


def test_recipients_are_read_from_thread_titles_and_linkedin_to_fields() -> None:
    item = Item(
        "facebook", "message", "hi", None, "m#0", "1",
        details=(("conversation", "Kayleigh Smith, Jo Bloggs and Sam Carer"), ("to", "Ann Lee")),
    )  # fmt: skip
    assert recipient_names(item) == ["Kayleigh Smith", "Jo Bloggs", "Sam Carer", "Ann Lee"]
