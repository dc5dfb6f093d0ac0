"""The caseload: the people someone works with, kept only as keyed hashes of their names.

It answers two questions privately: "is this friend request from someone I work with?"
(``safepost contact``) and "does this post name someone I work with?" (the caseload detector).
"""

from safepost.caseload.matcher import Caseload, CheckStatus, NameCheck, NameMatch

__all__ = ["Caseload", "CheckStatus", "NameCheck", "NameMatch"]
