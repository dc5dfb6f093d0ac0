"""The user's own profile: who they work for and their own contact details.

Anything in it that appears in a post is certain, not a guess: the profile detector turns
these into ``profile:*`` hits. The profile stays on this machine in the data folder.
It also holds the local people to tell when something goes wrong (``contacts``), which the
incident routes fill in; older profiles without them still load.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from safepost.errors import StoreError, first_problem
from safepost.home import data_home, read_json, write_private_json

PROFILE_FILE = "profile.json"
Term = Annotated[str, Field(min_length=2, max_length=200)]


class Contact(BaseModel):
    """One local person to tell: enough to reach them quickly when something goes wrong."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: Annotated[str, Field(min_length=1, max_length=200)]
    phone: Annotated[str, Field(max_length=60)] | None = None
    email: Annotated[str, Field(max_length=200)] | None = None


class LocalContacts(BaseModel):
    """The local roles the incident routes name; each is optional until the person adds it."""

    model_config = ConfigDict(extra="forbid")

    line_manager: Contact | None = None
    dsl: Contact | None = Field(default=None, description="Designated safeguarding lead.")
    lado: Contact | None = Field(default=None, description="Designated officer (LADO) for your area.")
    hr: Contact | None = None
    union: Contact | None = Field(default=None, description="Union or professional body representative.")


class Profile(BaseModel):
    """What a person tells safepost about themselves (every field optional)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    own_names: list[Term] = Field(default_factory=list, description="Your own name(s) as people write them.")
    job_title: list[Term] = Field(default_factory=list)
    employers: list[Term] = Field(default_factory=list, description="Council, trust, school, agency names.")
    workplaces: list[Term] = Field(default_factory=list, description="Buildings, teams, sites you work at.")
    colleagues: list[Term] = Field(default_factory=list)
    phones: list[Term] = Field(default_factory=list)
    emails: list[Term] = Field(default_factory=list)
    addresses: list[Term] = Field(default_factory=list, description="Home address lines and postcode.")
    policies: list[str] = Field(
        default_factory=list, description="Policy ids that apply to you (empty: all)."
    )
    rules_dirs: list[str] = Field(default_factory=list, description="Folders of your organisation's rules.")
    contacts: LocalContacts = Field(default_factory=LocalContacts, description="People to tell.")

    def is_empty(self) -> bool:
        """True when there is nothing for the profile detector to look for (contacts are not posts)."""
        return not any(getattr(self, name) for name in type(self).model_fields if name != "contacts")


def profile_path(home: Path | None = None) -> Path:
    return (home or data_home()) / PROFILE_FILE


def load_profile(home: Path | None = None) -> Profile:
    raw = read_json(profile_path(home))
    if raw is None:
        return Profile()
    try:
        return Profile.model_validate(raw)
    except ValidationError as exc:
        where, why = first_problem(exc)
        raise StoreError(
            f"{profile_path(home)}: {where}: {why}. Move the file aside and run `safepost init` again."
        ) from None


def save_profile(profile: Profile, home: Path | None = None) -> Path:
    path = profile_path(home)
    write_private_json(path, profile.model_dump())
    return path
