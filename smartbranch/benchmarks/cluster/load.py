"""The soak's load: tablets, kiosk customers, door cameras, and the ingest burst."""

from smartbranch.benchmarks.cluster.burst import burst_ingest
from smartbranch.benchmarks.cluster.doors import DoorFeed, DoorReport
from smartbranch.benchmarks.cluster.kiosks import KioskDrivers, KioskReport
from smartbranch.benchmarks.cluster.tablets import TabletReport, Tablets

__all__ = ["DoorFeed", "DoorReport", "KioskDrivers", "KioskReport", "TabletReport", "Tablets",
           "burst_ingest"]
