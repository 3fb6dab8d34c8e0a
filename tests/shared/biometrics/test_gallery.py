import threading

import numpy as np
import pytest

from shared.biometrics.gallery import GalleryIndex, unit_rows


def vec(seed: int) -> np.ndarray:
    return unit_rows(np.random.default_rng(seed).normal(size=128))


def test_search_returns_best_and_best_other_customer():
    gallery = GalleryIndex()
    gallery.add(1, np.stack([vec(1), vec(11)]))
    gallery.add(2, vec(2))
    best, other = gallery.search(vec(1))
    assert best.customer_id == 1 and best.distance == pytest.approx(0, abs=1e-3)
    assert other.customer_id == 2
    assert other.distance == pytest.approx(np.linalg.norm(vec(1) - vec(2)), abs=1e-4)


def test_empty_and_single_customer_galleries():
    gallery = GalleryIndex()
    assert gallery.search(vec(1)) == []
    gallery.add(7, np.stack([vec(1), vec(2)]))
    assert [c.customer_id for c in gallery.search(vec(1))] == [7]


def test_removal_is_immediate_and_zeroes_freed_rows():
    gallery = GalleryIndex(capacity=4)
    for cid in range(1, 6):
        gallery.add(cid, vec(cid))
    assert gallery.remove_customer(3) == 1
    assert 3 not in gallery and len(gallery) == 4
    assert all(c.customer_id != 3 for c in gallery.search(vec(3)))
    assert not np.any(gallery._vectors[len(gallery):])
    assert gallery.remove_customer(3) == 0


def test_search_many_agrees_with_search():
    gallery = GalleryIndex()
    gallery.add_many(np.repeat(np.arange(50), 2), np.stack([vec(i) for i in range(100)]))
    probes = np.stack([vec(1000 + i) for i in range(20)])
    many = gallery.search_many(probes, chunk=7)
    single = [gallery.search(p) for p in probes]
    def ids(results):
        return [[c.customer_id for c in r] for r in results]

    assert ids(many) == ids(single)
    assert np.allclose([[c.distance for c in r] for r in many],
                       [[c.distance for c in r] for r in single], atol=1e-5)


def test_normalising_makes_scale_irrelevant():
    gallery = GalleryIndex()
    gallery.add(1, 5 * vec(1))
    assert gallery.search(0.1 * vec(1))[0].distance == pytest.approx(0, abs=1e-3)


def test_rejects_non_finite_vectors():
    with pytest.raises(ValueError):
        GalleryIndex().add(1, np.full(128, np.nan))


def test_concurrent_add_remove_search_stay_consistent():
    gallery = GalleryIndex(capacity=2)
    errors: list[Exception] = []

    def writer(offset: int) -> None:
        try:
            for i in range(200):
                gallery.add(offset + i, vec(offset + i))
                if i % 3 == 0:
                    gallery.remove_customer(offset + i)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    def reader() -> None:
        try:
            for i in range(300):
                found = gallery.search(vec(i))
                assert len(found) <= 2
                assert len({c.customer_id for c in found}) == len(found)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(k * 1000,)) for k in (1, 2)]
    threads.append(threading.Thread(target=reader))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(gallery) == 2 * (200 - 67)
    assert all((cid % 1000) % 3 != 0 for cid in gallery.customers)


def _unit(values) -> np.ndarray:
    return unit_rows(np.array(values, dtype=np.float32))


def test_composition_counts_the_vectors_behind_rows_through_every_change():
    g = GalleryIndex(dimension=4)
    g.add(1, _unit([1, 0, 0, 0]), vectors_per_row=3)  # a mean of three photos
    g.add(2, np.stack([_unit([0, 1, 0, 0]), _unit([0, 0, 1, 0])]))  # "min": one each
    g.add_many(np.array([3, 4]), np.stack([_unit([0, 0, 0, 1])] * 2), np.array([2, 5]))
    assert g.composition() == {1: 2, 2: 1, 3: 1, 5: 1}
    assert g.vectors_per_row_of(1).tolist() == [3]
    g.replace_customer(1, _unit([1, 1, 0, 0]), vectors_per_row=4)  # a learned frame joins
    g.remove_customer(2)
    assert g.composition() == {2: 1, 4: 1, 5: 1}
    assert g.vectors_per_row_of(2).tolist() == [] and g.vectors_per_row_of(4).tolist() == [5]
    # Rows moved down by the removal keep their own counts.
    assert g.vectors_per_row_of(3).tolist() == [2]
    g.replace_customer(4, None)
    assert g.composition() == {2: 1, 4: 1} and GalleryIndex().composition() == {}
    with pytest.raises(ValueError):
        g.add(9, _unit([1, 0, 0, 0]), vectors_per_row=0)
