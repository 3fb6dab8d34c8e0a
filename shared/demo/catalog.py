"""The demo branches, staff sign-ins and internal account numbers (documented constants)."""

from __future__ import annotations

from typing import NamedTuple

from shared.models.enums import PrivacyMode, Role


class DemoBranch(NamedTuple):
    code: str
    name: str
    address: str
    sort_code: str


class DemoArea(NamedTuple):
    """An area of demo branches and the sign-in of its area manager (at its first branch)."""

    code: str
    name: str
    branch_codes: tuple[str, ...]
    manager_username: str
    manager_name: str


class DemoSignin(NamedTuple):
    """A demo staff sign-in the README prints: username, role, branch code, password."""

    username: str
    role: str
    branch_code: str
    password: str
    full_name: str


DEMO_TIMEZONE = "Europe/London"  # every demo branch's; its local days bucket the dashboard
BRANCH_CATALOG: tuple[DemoBranch, ...] = (
    DemoBranch("LDN-01", "Strand, London", "410 Strand, London WC2R 0NS", "40-01-01"),
    DemoBranch("MAN-01", "Deansgate, Manchester", "88 Deansgate, Manchester M3 2ER", "40-02-01"),
    DemoBranch("BHM-01", "New Street, Birmingham", "130 New Street, Birmingham B2 4JJ",
               "40-03-01"),
    DemoBranch("LDS-01", "Briggate, Leeds", "62 Briggate, Leeds LS1 6LH", "40-04-01"),
    DemoBranch("GLA-01", "Buchanan Street, Glasgow", "145 Buchanan Street, Glasgow G1 2JX",
               "40-05-01"),
    DemoBranch("CDF-01", "Queen Street, Cardiff", "54 Queen Street, Cardiff CF10 2GP",
               "40-06-01"),
    DemoBranch("BRS-01", "Broadmead, Bristol", "23 Broadmead, Bristol BS1 3HA", "40-07-01"),
    DemoBranch("LIV-01", "Bold Street, Liverpool", "71 Bold Street, Liverpool L1 4EZ",
               "40-08-01"),
    DemoBranch("EDI-01", "Princes Street, Edinburgh", "102 Princes Street, Edinburgh EH2 3AA",
               "40-09-01"),
    DemoBranch("NCL-01", "Grey Street, Newcastle", "37 Grey Street, Newcastle NE1 6EE",
               "40-10-01"),
    DemoBranch("BEL-01", "Donegall Place, Belfast", "15 Donegall Place, Belfast BT1 5AB",
               "40-11-01"),
    DemoBranch("NOT-01", "Old Market Square, Nottingham",
               "9 Old Market Square, Nottingham NG1 2DT", "40-12-01"),
    DemoBranch("SHF-01", "Fargate, Sheffield", "28 Fargate, Sheffield S1 2HE", "40-13-01"),
    DemoBranch("LEI-01", "Gallowtree Gate, Leicester", "19 Gallowtree Gate, Leicester LE1 5AD",
               "40-14-01"),
    DemoBranch("SOU-01", "Above Bar, Southampton", "141 Above Bar Street, Southampton SO14 7FE",
               "40-15-01"),
    DemoBranch("BTN-01", "North Street, Brighton", "66 North Street, Brighton BN1 1RH",
               "40-16-01"),
    DemoBranch("OXF-01", "Cornmarket, Oxford", "32 Cornmarket Street, Oxford OX1 3HD",
               "40-17-01"),
    DemoBranch("CAM-01", "Sidney Street, Cambridge", "21 Sidney Street, Cambridge CB2 3HG",
               "40-18-01"),
    DemoBranch("YRK-01", "Parliament Street, York", "8 Parliament Street, York YO1 8RS",
               "40-19-01"),
    DemoBranch("ABZ-01", "Union Street, Aberdeen", "201 Union Street, Aberdeen AB11 6BB",
               "40-20-01"),
)

# Every catalogue branch in one area; a demo of N branches creates the areas they fall in.
AREA_CATALOG: tuple[DemoArea, ...] = (
    DemoArea("CORE", "London and the core cities",
             ("LDN-01", "MAN-01", "BHM-01", "LDS-01", "BRS-01", "LIV-01", "NCL-01", "NOT-01",
              "SHF-01"), "area.core", "Priya Natarajan"),
    DemoArea("NATIONS", "Scotland, Wales and Northern Ireland",
             ("GLA-01", "CDF-01", "EDI-01", "BEL-01", "ABZ-01"), "area.nations",
             "Fiona MacLeod"),
    DemoArea("TOWNS", "University and county towns",
             ("LEI-01", "SOU-01", "BTN-01", "OXF-01", "CAM-01", "YRK-01"), "area.towns",
             "David Okafor"),
)
AREA_PASSWORD = "demo-area"


def area_of(branch_code: str) -> DemoArea | None:
    """The demo area a catalogue branch belongs to."""
    return next((a for a in AREA_CATALOG if branch_code in a.branch_codes), None)


# Staff names per branch, in the order: two relationship managers, teller, branch manager.
_STAFF_NAMES: tuple[tuple[str, str, str, str], ...] = (
    ("Amira Haddad", "Tom Fletcher", "Grace Okoye", "Helen Marsh"),
    ("Sanjay Rao", "Bethan Lloyd", "Connor Walsh", "Ruth Adeyemi"),
    ("Lena Fischer", "Omar Siddiqui", "Jade Morris", "Paul Whitaker"),
    ("Hannah Lee", "Yusuf Karim", "Ellie Shaw", "Martin Doyle"),
    ("Mhairi Ross", "Kenji Sato", "Leah Grant", "Stuart Baird"),
)
# One password per role (argon2 is slow on purpose, and the loader hashes each once).
_ROLES = (
    ("rm1", Role.RELATIONSHIP_MANAGER, "demo-rm"),
    ("rm2", Role.RELATIONSHIP_MANAGER, "demo-rm"),
    ("teller", Role.TELLER, "demo-teller"),
    ("manager", Role.BRANCH_MANAGER, "demo-manager"),
)
ADMIN_SIGNIN = DemoSignin("admin", Role.ADMIN.value, "LDN-01", "demo-admin", "Sam Carter")


def branch_privacy_mode(index: int) -> PrivacyMode:
    """Alternate privacy modes: the first branch ambient, the second opt-in, and so on."""
    return PrivacyMode.AMBIENT if index % 2 == 0 else PrivacyMode.OPT_IN


def _branch_signins(index: int, branch: DemoBranch) -> tuple[DemoSignin, ...]:
    city = branch.code.split("-")[0].lower()
    names = _STAFF_NAMES[index % len(_STAFF_NAMES)]
    return tuple(
        DemoSignin(f"{prefix}.{city}", role.value, branch.code, password, name)
        for (prefix, role, password), name in zip(_ROLES, names, strict=True)
    )


# Every demo sign-in over the whole catalogue; a load of N branches creates those of the
# first N branches (see signins_for). Demo passwords are public: never use them in production.
DEMO_SIGNINS: tuple[DemoSignin, ...] = (
    ADMIN_SIGNIN,
    *(s for i, b in enumerate(BRANCH_CATALOG) for s in _branch_signins(i, b)),
    *(DemoSignin(a.manager_username, Role.AREA_MANAGER.value, a.branch_codes[0], AREA_PASSWORD,
                 a.manager_name) for a in AREA_CATALOG),
)


def signins_for(branch_count: int) -> tuple[DemoSignin, ...]:
    """Return the sign-ins a demo load of that many branches creates."""
    codes = {b.code for b in BRANCH_CATALOG[:branch_count]}
    return tuple(s for s in DEMO_SIGNINS if s.branch_code in codes)
