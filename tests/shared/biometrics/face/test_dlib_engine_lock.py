"""dlib's models are one set per process: two engines must never run them at once."""

from __future__ import annotations

import threading
import time

import numpy as np

from shared.biometrics.face.dlib_engine import DlibFaceEngine


class _CountingApi:
    """Stands in for the face_recognition module: notes how many calls overlap."""

    def __init__(self):
        self.running = self.most = 0
        self._count = threading.Lock()

    def face_locations(self, rgb, number_of_times_to_upsample=0, model="hog"):
        with self._count:
            self.running += 1
            self.most = max(self.most, self.running)
        time.sleep(0.02)  # long enough for the other thread to try
        with self._count:
            self.running -= 1
        return []


def test_two_engines_in_one_process_take_turns_with_the_models():
    """`smartbranch serve` has the web app's engine and the door camera's; each locked
    only itself, so both could run the one set of models at once."""
    api = _CountingApi()
    engines = [DlibFaceEngine(), DlibFaceEngine()]
    for engine in engines:
        engine._api = api  # the module both would import
    rgb = np.zeros((32, 32, 3), dtype=np.uint8)

    def detect_often(engine):
        for _ in range(10):
            engine.detect(rgb)

    threads = [threading.Thread(target=detect_often, args=(e,)) for e in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert api.most == 1
