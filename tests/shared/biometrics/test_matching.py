from shared.biometrics.matching import Candidate, Match, Unknown, decide


def test_unknown_is_an_answer_for_an_empty_gallery():
    assert decide([], 0.5) == Unknown("empty_gallery")


def test_match_within_threshold_with_clear_lead():
    decision = decide([Candidate(1, 0.3), Candidate(2, 0.5)], threshold=0.4, margin=0.1)
    assert decision == Match(1, 0.3, 0.2)


def test_too_far_is_unknown():
    assert decide([Candidate(1, 0.45)], threshold=0.4) == Unknown("too_far", 0.45)


def test_close_second_customer_is_ambiguous():
    decision = decide([Candidate(1, 0.30), Candidate(2, 0.33)], threshold=0.4, margin=0.05)
    assert decision == Unknown("ambiguous", 0.30)


def test_order_and_same_customer_rows_do_not_matter():
    cands = [Candidate(2, 0.5), Candidate(1, 0.31), Candidate(1, 0.3)]
    decision = decide(cands, threshold=0.4, margin=0.1)
    assert isinstance(decision, Match) and decision.customer_id == 1
    assert decision.margin == 0.2


def test_no_second_candidate_means_infinite_margin():
    decision = decide([Candidate(5, 0.1)], threshold=0.4, margin=1.0)
    assert isinstance(decision, Match) and decision.margin == float("inf")
