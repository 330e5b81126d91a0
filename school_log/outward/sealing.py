"""What a transfer's files are, for both sides: their kinds and size cap, how one is read and its sealed
contents taken out, the manifest that counts its entries, and the transfers' records in the log."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from school_log.errors import AuthError, IntegrityError
from school_log.input_file import read_capped
from school_log.school import School
from school_log.transfer_log import SUBJECT
from storage import strict_json
from storage.records import canonical

BUNDLE_KIND, RECEIPT_KIND = "cp-file", "cp-receipt"
#: A child's whole file, sealed: thousands of the longest entries fit; `/dev/zero` does not.
MAX_BUNDLE_BYTES = 64 * 1024 * 1024


def manifest(entries: list[dict[str, Any]]) -> dict[str, Any]:
    """The count and digest of a bundle's entries, which the receiving school checks them against."""
    return {"count": len(entries), "digest": hashlib.sha256(canonical(entries)).hexdigest()}


def transfer_records(school: School):  # type: ignore[no-untyped-def]
    """The transfers' records in this school's chained log (sent, confirmed, withdrawn, pinned, received)."""
    return school.session.read(("audit",), subjects=[SUBJECT], purpose="transfers")


def sealed_contents(raw: bytes, where: Path) -> dict[str, Any]:
    """The JSON object an opened envelope carries; IntegrityError naming `where` if it is anything else."""
    try:
        data = strict_json.loads(raw)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise IntegrityError(f"{where}: the sealed contents are not what school-log writes")
    return data


def require_dsl(school: School) -> None:
    if not school.is_dsl:
        raise AuthError("only a DSL can transfer child-protection files")


def read_transfer_file(path: Path) -> bytes:
    """A bundle or a receipt, read whole up to the cap (one clear line past it)."""
    return read_capped(path, MAX_BUNDLE_BYTES, "a transfer file")
