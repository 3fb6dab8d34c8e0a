"""The real face engine: dlib's HOG detector and ResNet encoder via face_recognition."""

from __future__ import annotations

import threading
import warnings

import numpy as np

from shared.biometrics.face.engine import FaceBox, FaceEngineError, Landmarks

# The 5-point shape model aligns faces for the encoder as well as the 68-point one on our
# data (measured in faces eval) and is several times cheaper.
ENCODER_LANDMARKS = "small"

# dlib's detector and networks are not documented as thread-safe, and face_recognition
# keeps them in module globals, one set per process: so every engine in the process takes
# this one lock (the door camera of `smartbranch serve` has an engine beside the web app's).
_DLIB_LOCK = threading.RLock()


class DlibFaceEngine:
    """FaceEngine over dlib; models load on first use, and calls are serialised process-wide."""

    dimension = 128
    # Enrolment photos nearer than this (unit-length, jittered encodings) are one photo
    # twice. Measured (`bench faces --part enrolment`, ../shared/data/faces): 40 photos
    # re-taken (shifted 4 px, 10 % brighter, JPEG 75) lay 0.034-0.092 from their originals,
    # obama.jpg and its 720p copy 0.042 apart; different photos of one person lie 0.28
    # apart at the median, and 2 of 1,067 such pairs under 0.12.
    near_duplicate = 0.12

    def __init__(self, model_version: str = "dlib_face_recognition_resnet_model_v1"):
        self.model_version = model_version
        self._api = None
        self._lock = _DLIB_LOCK

    def _face_recognition(self):
        with self._lock:
            if self._api is None:
                from PIL import ImageFile

                truncated_ok = ImageFile.LOAD_TRUNCATED_IMAGES
                try:
                    with warnings.catch_warnings():
                        # face_recognition_models still locates its files via pkg_resources.
                        warnings.filterwarnings("ignore", message="pkg_resources is deprecated")
                        import face_recognition
                except (ImportError, RuntimeError) as exc:
                    raise FaceEngineError(f"face models unavailable: {exc}") from exc
                finally:
                    # face_recognition turns on Pillow's "load truncated images" for the whole
                    # process at import; our loader must keep refusing truncated files.
                    ImageFile.LOAD_TRUNCATED_IMAGES = truncated_ok
                self._api = face_recognition
            return self._api

    @staticmethod
    def _checked(rgb: np.ndarray) -> np.ndarray:
        if rgb.dtype != np.uint8 or rgb.ndim != 3 or rgb.shape[2] != 3:
            raise FaceEngineError(f"expected an RGB uint8 image, got {rgb.dtype} {rgb.shape}")
        return np.ascontiguousarray(rgb)

    def detect(self, rgb: np.ndarray, upsample: int = 0) -> list[FaceBox]:
        """Find faces with the HOG detector, upsampling `upsample` times for small faces."""
        api = self._face_recognition()
        rgb = self._checked(rgb)
        with self._lock:
            found = api.face_locations(rgb, number_of_times_to_upsample=upsample, model="hog")
        return [FaceBox(*css) for css in found]

    def encode(self, rgb: np.ndarray, boxes: list[FaceBox], jitters: int = 1,
               alignment: str = ENCODER_LANDMARKS) -> np.ndarray:
        """Return one float32 row per box, shape (len(boxes), 128); `alignment` ("small":
        5 points, "large": 68) picks the alignment, for evaluations that compare them."""
        if not boxes:
            return np.zeros((0, self.dimension), dtype=np.float32)
        api = self._face_recognition()
        rgb = self._checked(rgb)
        with self._lock:
            rows = api.face_encodings(
                rgb, [b.as_css() for b in boxes], num_jitters=jitters, model=alignment
            )
        return np.asarray(rows, dtype=np.float32).reshape(len(boxes), self.dimension)

    def landmarks(self, rgb: np.ndarray, boxes: list[FaceBox]) -> list[Landmarks]:
        """Return the 5-point landmarks (eyes' corners and nose tip) per box."""
        if not boxes:
            return []
        api = self._face_recognition()
        rgb = self._checked(rgb)
        with self._lock:
            found = api.face_landmarks(rgb, [b.as_css() for b in boxes], model="small")
        return [{k: [tuple(map(int, p)) for p in v] for k, v in d.items()} for d in found]
