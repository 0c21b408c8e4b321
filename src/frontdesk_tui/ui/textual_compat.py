"""Every use of a Textual private name or internal goes through this module (issue 10).

Textual is pinned exactly in pyproject.toml; each function here has a test in
``tests/ui/test_textual_compat.py``, so an upgrade that moves an internal fails in one place.
"""

from __future__ import annotations
