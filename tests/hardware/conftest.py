"""Fixtures for the XFS-style device tests (factories live in xfs_devices.py)."""

from __future__ import annotations

import pytest
from xfs_devices import DEVICE_FACTORIES


@pytest.fixture(params=sorted(DEVICE_FACTORIES))
def any_device(request):
    """Each device implementation in each configured setup: (kind, fresh device)."""
    return request.param.split("/")[0], DEVICE_FACTORIES[request.param]()
