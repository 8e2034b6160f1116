"""Translation status: which translated pages are complete, missing or out of date."""

from __future__ import annotations

import hashlib


def blob_id(data: bytes) -> str:
    """Return git's blob id of data (what `git hash-object` prints for a file holding it)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()
