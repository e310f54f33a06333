"""Privacy rules, one concept per module; import them from here (``duiding.privacy``).

No Streamlit here. Every function returns a **new** case; the case passed in is never changed.

- :mod:`~duiding.privacy.visibility`: who may see which facts (zichtbaarheidsmatrix, redaction).
- :mod:`~duiding.privacy.pseudonyms`: names in free text replaced by pseudonyms (the one scrubber),
  pseudonymised copies for exports, the shared screen's copy in meeting mode.
- :mod:`~duiding.privacy.anonymise`: anonymised copies for evaluation after closure.
- :mod:`~duiding.privacy.retention`: retention dates and proportionality reviews.
- :mod:`~duiding.privacy.access_report`: the art. 15 report about one member.
- :mod:`~duiding.privacy.audit_export`: the audit log as a spreadsheet-safe CSV.
"""

from duiding.privacy.access_report import member_report
from duiding.privacy.anonymise import anonymisation_mapping, anonymise_case, anonymise_stored_case
from duiding.privacy.audit_export import audit_csv, neutralise_cell
from duiding.privacy.pseudonyms import (
    NameScrubber,
    meeting_copy,
    name_words,
    names_typed,
    pseudonymise,
    restore_hidden,
    scrub_case,
)
from duiding.privacy.retention import ReviewDue, cases_past_retention, reviews_due
from duiding.privacy.visibility import (
    ALL,
    DEFAULT_MATRIX,
    DEFAULT_ROLES,
    UNKNOWN_SOURCE,
    Audience,
    Viewer,
    audience,
    load_matrix,
    may_see,
    redact_case,
    view_key,
    visible_sources,
)

__all__ = [
    "ALL",
    "DEFAULT_MATRIX",
    "DEFAULT_ROLES",
    "UNKNOWN_SOURCE",
    "Audience",
    "NameScrubber",
    "ReviewDue",
    "Viewer",
    "anonymisation_mapping",
    "anonymise_case",
    "anonymise_stored_case",
    "audience",
    "audit_csv",
    "cases_past_retention",
    "load_matrix",
    "may_see",
    "meeting_copy",
    "member_report",
    "name_words",
    "names_typed",
    "neutralise_cell",
    "pseudonymise",
    "redact_case",
    "restore_hidden",
    "reviews_due",
    "scrub_case",
    "view_key",
    "visible_sources",
]
