"""Face and voice scores fused into one calibrated probability that the claim is true.

A logistic model over the two distances, fitted on a calibration split, turns them into
P(same person); the decision accepts above `accept`, says "not them" below `reject`, and
"unknown" between (the kiosk then asks for card and PIN as usual). A missing modality is
replaced by the mean distance the model saw, so it neither helps nor hurts.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from shared.biometrics.voice.challenge import ChallengeResult


@dataclass(frozen=True)
class FusionModel:
    """P(same) = sigmoid(bias + face_weight * face_distance + voice_weight * voice_distance)."""

    bias: float
    face_weight: float
    voice_weight: float
    face_mean: float = 0.0
    voice_mean: float = 0.0

    @classmethod
    def from_settings(cls, settings) -> FusionModel:
        v = settings.voice
        return cls(v.fusion_bias, v.fusion_face_weight, v.fusion_voice_weight,
                   v.fusion_face_mean, v.fusion_voice_mean)

    def probability(self, face: float | None, voice: float | None) -> float:
        """Return P(same person) from whichever distances are present."""
        f = self.face_mean if face is None else face
        s = self.voice_mean if voice is None else voice
        z = self.bias + self.face_weight * f + self.voice_weight * s
        return float(1.0 / (1.0 + np.exp(-np.clip(z, -50, 50))))


@dataclass(frozen=True)
class FusedDecision:
    outcome: str  # "match", "unknown" or "no_match"
    probability: float


def decide_fused(
    model: FusionModel, face: float | None, voice: float | None,
    accept: float = 0.99, reject: float = 0.1,
) -> FusedDecision:
    """Accept, reject or say unknown from the fused probability."""
    if face is None and voice is None:
        return FusedDecision("unknown", 0.0)
    p = model.probability(face, voice)
    if p >= accept:
        return FusedDecision("match", p)
    return FusedDecision("no_match" if p < reject else "unknown", p)


def fit_logistic(
    features: np.ndarray, labels: np.ndarray, l2: float = 1e-3, iterations: int = 50
) -> np.ndarray:
    """Fit weights [bias, w1, ...] by Newton's method with a small ridge penalty."""
    x = np.hstack([np.ones((len(features), 1)), np.asarray(features, dtype=np.float64)])
    y = np.asarray(labels, dtype=np.float64)
    w = np.zeros(x.shape[1])
    # Balance the classes: impostor pairs far outnumber genuine ones.
    weights = np.where(y == 1, 0.5 / max(y.sum(), 1), 0.5 / max((1 - y).sum(), 1))
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -50, 50)))
        gradient = x.T @ (weights * (p - y)) + l2 * w
        hessian = (x * (weights * p * (1 - p))[:, None]).T @ x + l2 * np.eye(len(w))
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    return w


def fit_fusion(face: np.ndarray, voice: np.ndarray, same: np.ndarray) -> FusionModel:
    """Fit the fused model on paired distances and genuine (1) / impostor (0) labels."""
    w = fit_logistic(np.column_stack([face, voice]), same)
    return FusionModel(float(w[0]), float(w[1]), float(w[2]),
                       float(np.mean(face)), float(np.mean(voice)))


def fuse_challenge(
    result: ChallengeResult, face_distance: float | None, model: FusionModel,
    accept: float, reject: float,
) -> tuple[ChallengeResult, FusedDecision | None]:
    """The spoken challenge decided by one fused score of the voice and the face match.

    The digits and the time limit must still pass on their own (they are the liveness part);
    whether it is the customer is then one decision over both distances, at the calibrated
    `accept` (FPIR target; `bench voice --part fusion`). Without a face match (a card, or a
    voice check after a greeting by voice) the face counts as its mean and decides nothing.
    """
    if result.distance is None or result.reason not in ("ok", "voice_mismatch"):
        return result, None
    fused = decide_fused(model, face_distance, result.distance, accept, reject)
    if fused.outcome == "match":
        return replace(result, passed=True, reason="ok"), fused
    reason = "voice_mismatch" if fused.outcome == "no_match" else "voice_unsure"
    return replace(result, passed=False, reason=reason), fused
