"""The demo's areas, branches, staff (with hashed sign-in passwords) and devices, as rows."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy.orm import Session

from shared.demo.bulk import insert_with_ids
from shared.demo.catalog import (
    AREA_CATALOG,
    DEMO_TIMEZONE,
    DemoBranch,
    area_of,
    branch_privacy_mode,
    signins_for,
)
from shared.demo.spending import CashPoint
from shared.models import Area, Branch, Device, Staff
from shared.models.enums import DeviceKind, DeviceStatus, Role
from shared.money.chart import kiosk_cash_account_number
from shared.staff.passwords import create_password_hasher


def load_areas(
    session: Session, branches: tuple[DemoBranch, ...], created_at: datetime
) -> dict[str, int]:
    """Create the areas the loaded branches fall in; return area code -> id."""
    codes = {b.code for b in branches}
    areas = [a for a in AREA_CATALOG if codes & set(a.branch_codes)]
    rows = [{"code": a.code, "name": a.name, "created_at": created_at} for a in areas]
    ids = insert_with_ids(session, Area, rows)
    return {a.code: area_id for a, area_id in zip(areas, ids, strict=True)}


def load_branches(
    session: Session, branches: tuple[DemoBranch, ...], created_at: datetime
) -> dict[str, int]:
    area_ids = load_areas(session, branches, created_at)
    rows = [
        {
            "code": b.code,
            "name": b.name,
            "address": b.address,
            "timezone": DEMO_TIMEZONE,
            "privacy_mode": branch_privacy_mode(i),
            "area_id": area_ids[area_of(b.code).code] if area_of(b.code) else None,
            "created_at": created_at,
        }
        for i, b in enumerate(branches)
    ]
    ids = insert_with_ids(session, Branch, rows)
    return {b.code: branch_id for b, branch_id in zip(branches, ids, strict=True)}


def load_staff(
    session: Session,
    branches: tuple[DemoBranch, ...],
    branch_ids: dict[str, int],
    created_at: datetime,
) -> tuple[dict[str, int], dict[str, tuple[str, ...]]]:
    signins = signins_for(len(branches))
    hasher = create_password_hasher()
    hashes: dict[str, str] = {}
    rows = []
    for signin in signins:
        if signin.password not in hashes:  # argon2 is slow on purpose: once per password
            hashes[signin.password] = hasher.hash(signin.password)
        rows.append({
            "branch_id": branch_ids[signin.branch_code],
            "username": signin.username,
            "full_name": signin.full_name,
            "role": Role(signin.role),
            "password_hash": hashes[signin.password],
            "active": True,
            "failed_signins": 0,
            "session_version": 1,
            "created_at": created_at,
        })
    ids = insert_with_ids(session, Staff, rows)
    rms: dict[str, list[str]] = defaultdict(list)
    for signin in signins:
        if signin.role == Role.RELATIONSHIP_MANAGER:
            rms[signin.branch_code].append(signin.username)
    staff_ids = {s.username: staff_id for s, staff_id in zip(signins, ids, strict=True)}
    return staff_ids, {code: tuple(names) for code, names in rms.items()}


def load_devices(
    session: Session,
    branches: tuple[DemoBranch, ...],
    branch_ids: dict[str, int],
    created_at: datetime,
) -> tuple[dict[str, int], dict[str, tuple[CashPoint, ...]]]:
    rows = []
    kiosks: dict[str, tuple[CashPoint, ...]] = {}
    for branch in branches:
        codes = [f"{branch.code}-K1", f"{branch.code}-K2"]
        kiosks[branch.code] = tuple(CashPoint(c, kiosk_cash_account_number(c)) for c in codes)
        place = branch.name.split(", ")[0]
        for n, code in enumerate(codes, start=1):
            rows.append({"code": code, "kind": DeviceKind.KIOSK, "name": f"{place} kiosk {n}"})
        rows.append({"code": f"{branch.code}-DOOR", "kind": DeviceKind.DOOR_CAMERA,
                     "name": f"{place} door camera"})
        for row in rows[-3:]:
            row.update(branch_id=branch_ids[branch.code], driver="simulator",
                       status=DeviceStatus.OK, status_detail="", created_at=created_at)
    ids = insert_with_ids(session, Device, rows)
    return {row["code"]: device_id for row, device_id in zip(rows, ids, strict=True)}, kiosks
