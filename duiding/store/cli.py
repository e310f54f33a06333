"""``python -m duiding audit verify``: recompute the audit log's hash chain and report every break."""

from __future__ import annotations

import argparse
import sys
from typing import Any

__all__ = ["register"]


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from duiding.store import CaseStore

    report = CaseStore(args.database).verify_audit()
    if not report.rows:
        print("Het auditlog is leeg; er is niets te controleren.")
        return 0
    if report.intact:
        print(
            f"Auditlog in orde: {report.rows} regels, de hashketen is ononderbroken. "
            f"Laatste regel {report.last_id}, hash {report.last_hash}."
        )
        return 0
    print(f"Het auditlog is aangetast: {len(report.breaks)} breuk(en) in de hashketen.", file=sys.stderr)
    for chain_break in report.breaks:
        print(chain_break.message(), file=sys.stderr)
    return 2


def register(sub: Any) -> None:
    p = sub.add_parser("audit", help="het auditlog controleren")
    audit_sub = p.add_subparsers(dest="audit_command", metavar="actie", required=True)
    v = audit_sub.add_parser(
        "verify", help="de hashketen van het auditlog nagaan; meldt elke gewijzigde regel"
    )
    v.set_defaults(func=cmd_audit_verify)
