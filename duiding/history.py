"""What changed in a case between two versions (e.g. a frozen 'Overleg 12 maart' and today)."""

from __future__ import annotations

from dataclasses import dataclass, field

from duiding import vocab
from duiding.model import Case, Member

__all__ = ["CaseDiff", "RoleChange", "compare_cases"]


@dataclass(frozen=True)
class RoleChange:
    member_id: str
    pseudonym: str
    field: str  # "team_role" or "typing"
    before: str | None
    after: str | None

    def describe(self) -> str:
        name = "teamrol" if self.field == "team_role" else "typering"
        vocabulary = "team_role" if self.field == "team_role" else "typing"
        old = vocab.label(vocabulary, self.before) or "geen"
        new = vocab.label(vocabulary, self.after) or "geen"
        return f"{self.pseudonym}: {name} van {old} naar {new}"


@dataclass(frozen=True)
class CaseDiff:
    members_added: list[str] = field(default_factory=list)  # pseudonyms
    members_removed: list[str] = field(default_factory=list)
    ties_added: int = 0
    ties_removed: int = 0
    ties_changed: int = 0
    incidents_added: int = 0
    incidents_removed: int = 0
    role_changes: list[RoleChange] = field(default_factory=list)
    decisions_added: list[str] = field(default_factory=list)  # step codes
    step_before: str = ""
    step_after: str = ""

    @property
    def unchanged(self) -> bool:
        return not (
            self.members_added
            or self.members_removed
            or self.ties_added
            or self.ties_removed
            or self.ties_changed
            or self.incidents_added
            or self.incidents_removed
            or self.role_changes
            or self.decisions_added
            or self.step_before != self.step_after
        )


def _label(member: Member) -> str:
    return member.pseudonym or member.id


def _tie_key(tie) -> tuple:
    return (
        (tie.layer, *sorted((tie.source, tie.target)))
        if tie.layer != "directs"
        else (tie.layer, tie.source, tie.target)
    )


def compare_cases(before: Case, after: Case) -> CaseDiff:
    """Members, ties, incidents, roles and decisions that differ between ``before`` and ``after``.

    Ties are matched on (layer, pair), so a re-entered tie is not counted as new; a matched tie whose
    strength, confidence or dates differ counts as changed. Only pseudonyms appear in the result.

    >>> a = Case("x", members=[Member("m1", "J01")])
    >>> b = Case("x", members=[Member("m1", "J01"), Member("m2", "J02")])
    >>> compare_cases(a, b).members_added
    ['J02']
    """
    old_members, new_members = before.member_index(), after.member_index()
    added = sorted(_label(new_members[i]) for i in new_members.keys() - old_members.keys())
    removed = sorted(_label(old_members[i]) for i in old_members.keys() - new_members.keys())

    changes = []
    for member_id in sorted(old_members.keys() & new_members.keys()):
        old, new = old_members[member_id], new_members[member_id]
        for attr in ("team_role", "typing"):
            if getattr(old, attr) != getattr(new, attr):
                changes.append(
                    RoleChange(member_id, _label(new), attr, getattr(old, attr), getattr(new, attr))
                )

    old_ties = {_tie_key(t): t for t in before.ties}
    new_ties = {_tie_key(t): t for t in after.ties}
    common = old_ties.keys() & new_ties.keys()
    changed = sum(
        1
        for k in common
        if (old_ties[k].strength, old_ties[k].confidence, old_ties[k].first_seen, old_ties[k].last_seen)
        != (new_ties[k].strength, new_ties[k].confidence, new_ties[k].first_seen, new_ties[k].last_seen)
    )
    old_incidents = {i.id for i in before.incidents}
    new_incidents = {i.id for i in after.incidents}
    old_decisions = {(d.step, d.date) for d in before.decisions}
    return CaseDiff(
        members_added=added,
        members_removed=removed,
        ties_added=len(new_ties.keys() - old_ties.keys()),
        ties_removed=len(old_ties.keys() - new_ties.keys()),
        ties_changed=changed,
        incidents_added=len(new_incidents - old_incidents),
        incidents_removed=len(old_incidents - new_incidents),
        role_changes=changes,
        decisions_added=[d.step for d in after.decisions if (d.step, d.date) not in old_decisions],
        step_before=before.step,
        step_after=after.step,
    )
