"""Legal forms of company names: :mod:`esgkg.legal_forms` (moved out of ``extract`` so that graph IRIs and
cross-report resolution can key names without importing spaCy); kept here for the readers' imports."""
from __future__ import annotations

from ..legal_forms import LEGAL_PREFIX, LEGAL_SUFFIX, is_nonprofit, legal_suffix, strip_legal_form

__all__ = ["LEGAL_PREFIX", "LEGAL_SUFFIX", "is_nonprofit", "legal_suffix", "strip_legal_form"]
