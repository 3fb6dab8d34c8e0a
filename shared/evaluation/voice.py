"""`voice eval`: enrol the first recordings of each speaker for real, probe with the rest.

Enrolment goes through consent and `enrol_voice` (encrypted, MAC-bound templates) on a
throwaway SQLite database in a temporary folder; voiceprints are read back through
`load_voiceprint`. Probes are the remaining files cut to `probe_seconds`; `_impostors/`
are never enrolled. Open-set identification uses the configured threshold.

Non-mated searches are the impostors plus every mated probe searched once more with its
own speaker left out of the gallery (leave-one-out), so the FPIR rests on more than 12
searches. The EER is over verification trials: every probe against every enrolled voice.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from shared.biometrics.voice.speaker import (
    SpeakerEngine,
    SpeakerEngineError,
    mean_voiceprint,
    voice_distances,
)
from shared.evaluation.enrolment_db import (
    add_consenting_subject,
    add_evaluation_branch,
    throwaway_cipher,
    throwaway_database,
)
from shared.evaluation.folders import labelled_folders
from shared.speech.audio import AudioError, assess, read_wav

IMPOSTORS = "_impostors"


@dataclass(frozen=True)
class SpeechDataset:
    """Speaker folders (files sorted by name) and never-enrolled impostor recordings."""

    root: Path
    speakers: dict[str, list[Path]]
    impostors: list[Path] = field(default_factory=list)


def _wavs(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".wav")


def discover(root: Path) -> SpeechDataset:
    """Read `<speaker>/*.wav` and `_impostors/*.wav`; other `_` folders are ignored."""
    speakers, impostors = labelled_folders(
        root, IMPOSTORS, _wavs, "speaker folders with .wav files"
    )
    return SpeechDataset(Path(root), speakers, impostors)


def equal_error_rate(genuine: np.ndarray, impostor: np.ndarray) -> tuple[float, float]:
    """Return (EER, threshold) for distances (lower = same speaker)."""
    genuine, impostor = np.asarray(genuine, float), np.asarray(impostor, float)
    candidates = np.unique(np.concatenate([genuine, impostor]))
    best = (1.0, 0.0)
    gap_best = 2.0
    for t in candidates:
        frr, far = float(np.mean(genuine > t)), float(np.mean(impostor <= t))
        gap = abs(frr - far)
        if gap < gap_best:
            gap_best, best = gap, ((frr + far) / 2, float(t))
    return best


def enrol_dataset(dataset: SpeechDataset, engine: SpeakerEngine, settings, enrol_n: int):
    """Enrol every speaker in a throwaway database; return their templates and failures."""
    from shared.biometrics.templates import EnrolmentError
    from shared.biometrics.voice.enrolment import AudioLimits, enrol_voice, load_voiceprint
    from shared.models.enums import Modality

    prints: dict[str, np.ndarray] = {}
    failures: dict[str, str] = {}
    limits = AudioLimits.from_settings(settings)
    cipher = throwaway_cipher()
    with throwaway_database(settings, "smartbranch-voice-eval-") as database:
        with database.session() as session:
            branch = add_evaluation_branch(session)
            for i, (name, files) in enumerate(dataset.speakers.items()):
                customer = add_consenting_subject(
                    session, branch, f"VEVAL{i:05d}", name, Modality.VOICE
                )
                try:
                    enrol_voice(session, engine, cipher, customer.id, files[:enrol_n],
                                min_utterances=min(enrol_n, len(files)), limits=limits)
                except EnrolmentError as exc:
                    failures[name] = str(exc)
                    continue
                prints[name] = load_voiceprint(session, cipher, customer.id, engine.model_version)
    return prints, failures


def run_eval(
    dataset_dir: Path, settings, engine: SpeakerEngine | None = None,
    enrol_n: int = 3, probe_seconds: float = 3.0,
) -> dict:
    """Evaluate speaker identification on a dataset; return the JSON-ready figures."""
    from shared.biometrics.voice.engines import create_speaker_engine

    dataset = discover(dataset_dir)
    engine = engine or create_speaker_engine(settings)
    threshold = settings.voice.speaker_threshold
    started = time.perf_counter()
    prints, failures = enrol_dataset(dataset, engine, settings, enrol_n)
    if not prints:
        raise ValueError(f"no speaker could be enrolled: {failures}")
    names = list(prints)
    gallery = np.stack([prints[n] for n in names])
    probe_files = [(name, f) for name, files in dataset.speakers.items() if name in prints
                   for f in files[enrol_n:]]
    probe_files += [(None, f) for f in dataset.impostors]
    vectors, owners, sources, rejected = [], [], [], {}
    embed_s = audio_s = 0.0
    for owner, path in probe_files:
        try:
            audio = read_wav(path).head(probe_seconds)
        except AudioError as exc:
            rejected[str(path)] = str(exc)
            continue
        verdict = assess(audio, min(0.5, probe_seconds / 2), settings.voice.min_level_dbfs)
        if not verdict.ok:
            rejected[str(path)] = verdict.reason
            continue
        t0 = time.perf_counter()
        try:
            vectors.append(engine.embed(audio))
        except SpeakerEngineError as exc:
            rejected[str(path)] = str(exc)
            continue
        embed_s += time.perf_counter() - t0
        audio_s += audio.seconds
        owners.append(owner)
        sources.append(path.name)
    distances = voice_distances(np.stack(vectors), gallery)
    own = np.array([names.index(o) if o in prints else -1 for o in owners])
    mated = own >= 0
    genuine = distances[mated, own[mated]]
    impostor_pairs = np.concatenate([
        np.delete(row, i) if i >= 0 else row for row, i in zip(distances, own, strict=True)
    ])
    eer, eer_threshold = equal_error_rate(genuine, impostor_pairs)
    # Identification at the configured threshold: a hit needs rank 1 and the threshold.
    best = distances.argmin(axis=1)
    hits = (best[mated] == own[mated]) & (distances[mated].min(axis=1) <= threshold)
    # Missed mated probes whose audio failed the gate also count as misses.
    mated_rejected = sum(1 for p in rejected if not Path(p).parent.name == IMPOSTORS)
    mated_total = int(mated.sum()) + mated_rejected
    others = np.where(np.eye(len(names), dtype=bool)[own[mated]], np.inf, distances[mated])
    nonmated_best = np.concatenate([distances[~mated].min(axis=1), others.min(axis=1)])
    false_hits = int(np.sum(nonmated_best <= threshold))
    # Each non-mated search's nearest enrolled speaker: why the FPIR is what it is.
    nonmated_sources = [s for s, m in zip(sources, mated, strict=True) if not m] + [
        f"{s} (own speaker left out)" for s, m in zip(sources, mated, strict=True) if m]
    nearest = np.concatenate([distances[~mated].argmin(axis=1), others.argmin(axis=1)])
    closest = sorted(zip(nonmated_best, nonmated_sources, nearest, strict=True))
    return {
        "speakers": len(dataset.speakers),
        "enrolled": len(prints),
        "failures_to_enrol": failures,
        "enrol_per_speaker": enrol_n,
        "probe_seconds": probe_seconds,
        "mated_probes": mated_total,
        "nonmated_probes": int(len(nonmated_best)),
        "nonmated_impostors": int((~mated).sum()),
        "nonmated_leave_one_out": int(mated.sum()),
        "rejected_probes": rejected,
        "rank1": round(float(np.mean(best[mated] == own[mated])), 4) if mated.any() else 0.0,
        "fnir": round(1.0 - float(hits.sum()) / mated_total, 4) if mated_total else 0.0,
        "fpir": round(false_hits / len(nonmated_best), 4) if len(nonmated_best) else 0.0,
        "false_matches": int(false_hits),
        "closest_nonmated": [[src, names[k], round(float(d), 4)]
                             for d, src, k in closest[: max(5, false_hits)]],
        "highest_genuine": round(float(genuine.max()), 4) if len(genuine) else None,
        "eer": round(eer, 4),
        "eer_threshold": round(eer_threshold, 4),
        "genuine_trials": int(len(genuine)),
        "impostor_trials": int(len(impostor_pairs)),
        "threshold": threshold,
        "threshold_calibrated_on": settings.voice.speaker_calibrated_on,
        "model_version": engine.model_version,
        "rtf": round(embed_s / audio_s, 4) if audio_s else None,
        "probe_audio_seconds": round(audio_s, 1),
        "seconds": round(time.perf_counter() - started, 1),
    }


def calibrate_threshold(
    dataset_dir: Path, engine: SpeakerEngine, enrol_n: int = 3, probe_seconds: float = 3.0,
    limits=None,
) -> dict:
    """Choose the speaker threshold from enrolment recordings only (never from probes).

    Each speaker's enrolment recordings go through the enrolment gate and encoder exactly
    as `enrol_voice` does. Recording k, cut to `probe_seconds`, is scored against the
    template of the same speaker's other enrolment recordings (genuine) and against every
    other speaker's template (impostor). The threshold is the middle of the gap between
    the highest genuine and lowest impostor distance, or the equal-error point if they
    overlap. The probes and `_impostors/` that `voice eval` uses are never read.
    """
    from shared.biometrics.voice.enrolment import AudioLimits, embed_recording

    limits = limits or AudioLimits()
    dataset = discover(dataset_dir)
    full: dict[str, list[tuple[float, np.ndarray]]] = {}
    cut: dict[str, list[np.ndarray]] = {}
    for name, files in dataset.speakers.items():
        kept = []
        for f in files[:enrol_n]:
            code, _, seconds, vector = embed_recording(engine, f, limits)
            if code == "ok" and vector is not None:
                kept.append((f, seconds, vector))
        if len(kept) < 2:
            continue
        full[name] = [(seconds, vector) for _, seconds, vector in kept]
        cut[name] = [engine.embed(read_wav(f).head(probe_seconds)) for f, _, _ in kept]
    if len(full) < 2:
        raise ValueError("calibration needs two or more speakers with two or more recordings")

    def template(pairs):
        return mean_voiceprint(np.stack([v for _, v in pairs]), [s for s, _ in pairs])

    names = list(full)
    gallery = np.stack([template(full[n]) for n in names])
    genuine, impostor = [], []
    for s_idx, name in enumerate(names):
        for k, probe in enumerate(cut[name]):
            rest = template([p for i, p in enumerate(full[name]) if i != k])
            genuine.append(float(voice_distances(probe, rest)[0, 0]))
            row = voice_distances(probe, gallery)[0]
            impostor += [float(d) for o, d in enumerate(row) if o != s_idx]
    g, i = np.array(genuine), np.array(impostor)
    if g.max() < i.min():
        threshold, rule = (g.max() + i.min()) / 2, "middle of the gap"
    else:
        threshold, rule = equal_error_rate(g, i)[1], "equal-error point"
    return {
        "threshold": round(float(threshold), 4), "rule": rule,
        "speakers": len(full), "genuine_trials": len(g), "impostor_trials": len(i),
        "genuine_max": round(float(g.max()), 4), "impostor_min": round(float(i.min()), 4),
        "calibrated_on": f"{dataset.root.name}: first {enrol_n} recordings of {len(full)} "
                         f"speakers, leave-one-out, {probe_seconds:g} s cuts, "
                         f"speech-weighted templates; {rule}",
        "calibrated_at": dt.date.today().isoformat(),
        "model_version": engine.model_version,
    }


def toml_block(result: dict) -> str:
    """Render a calibration as the [voice] keys the settings read, with its provenance."""
    def quote(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    provenance = (f"{result['calibrated_on']}; model {result['model_version']}; "
                  f"{result['calibrated_at']}")
    return "\n".join([
        "# Written by `smartbranch voice calibrate`; do not edit by hand.",
        f"# Enrolment trials: genuine max {result['genuine_max']}, impostor min "
        f"{result['impostor_min']} ({result['genuine_trials']} / {result['impostor_trials']}).",
        "[voice]",
        f"speaker_threshold = {result['threshold']}",
        f"speaker_calibrated_on = {quote(provenance)}",
        "",
    ])
