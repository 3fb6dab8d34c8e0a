"""The branches a dashboard covers: one branch, or every branch of an area.

Which of these a staff member may see is the console's policy (`staff_console/policy.py`);
this module only reads the organisation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.models import Area, Branch


@dataclass(frozen=True)
class BranchRef:
    """A branch as a dashboard names it: its code, name, time zone and area."""

    id: int
    code: str
    name: str
    timezone: str
    area_code: str | None = None
    area_name: str | None = None


def _refs(session: Session, *where) -> list[BranchRef]:
    rows = session.execute(
        select(Branch.id, Branch.code, Branch.name, Branch.timezone, Area.code, Area.name)
        .outerjoin(Area, Area.id == Branch.area_id).where(*where).order_by(Branch.code))
    return [BranchRef(*row) for row in rows]


def branches_by_id(session: Session, branch_ids: Iterable[int]) -> list[BranchRef]:
    """The branches with these ids, by code."""
    return _refs(session, Branch.id.in_(list(branch_ids)))


def area_branches(session: Session, area_id: int) -> list[BranchRef]:
    """Every branch of the area, by code."""
    return _refs(session, Branch.area_id == area_id)
