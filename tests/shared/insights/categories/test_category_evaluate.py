"""The labelled file reader refuses bad files naming the rows; the metrics are sklearn's."""

from __future__ import annotations

import pytest

from shared.insights.categories.evaluate import (
    LabelledFileError,
    confusion,
    parse_amount,
    read_labelled,
    scores,
)


@pytest.mark.parametrize(("text", "minor"), [
    ("-12.50", -1250), ("12.5", 1250), ("+3", 300), ("£1,234.56", 123456),
    ("-£4.20", -420), ("(3.20)", -320), (" 0.01 ", 1), ("-1,000", -100000), ("EUR 5.00", 500),
    ("12.50 DR", -1250), ("12.50 CR", 1250), ("-12,50", -1250), ("1.234,56", 123456),
    ("4.125", 413), ("-0.005", -1), ("£-4.20", -420), ("5.00 EUR", 500),
])
def test_amounts_are_read_as_signed_minor_units(text, minor):
    assert parse_amount(text) == minor


@pytest.mark.parametrize("text", ["", "abc", "12,50.1.2", "nan", "inf", "1e5", "--3", "1,23,4"])
def test_a_bad_amount_is_refused(text):
    with pytest.raises(ValueError):
        parse_amount(text)


def test_a_good_file_is_read_with_extra_columns_ignored():
    rows = read_labelled("Description,Amount,Category,date\n"
                         "TESCO STORES,-12.30,groceries,2024-01-01\n"
                         '"PRET, LONDON",-3.10,coffee,2024-01-02\n')
    assert [(r.description, r.amount_minor, r.category) for r in rows] == [
        ("TESCO STORES", -1230, "groceries"), ("PRET, LONDON", -310, "coffee")]


def test_categories_are_read_as_people_type_them(tmp_path):
    path = tmp_path / "labels.csv"
    path.write_bytes("description,amount,category\nCAFÉ ROUGE,-3.10, Eating Out \n"
                     .encode("cp1252"))
    assert read_labelled(path)[0].category == "eating_out"
    assert read_labelled(path)[0].description == "CAFÉ ROUGE"


def test_missing_columns_are_named():
    with pytest.raises(LabelledFileError, match="missing column.*amount, category"):
        read_labelled("description,value\nTESCO,-1\n")


def test_every_bad_row_is_named_with_its_line():
    text = ("description,amount,category\n"
            "TESCO,-1.00,groceries\n"
            "PRET,lots,coffee\n"
            ",-2.00,coffee\n"
            "UBER,-3.00,taxis\n")
    with pytest.raises(LabelledFileError) as caught:
        read_labelled(text)
    message = str(caught.value)
    assert "3 bad row(s)" in message
    assert "row 3: not an amount: 'lots'" in message
    assert "row 4: empty description" in message
    assert "row 5: unknown category 'taxis'" in message


def test_an_empty_file_is_refused():
    with pytest.raises(LabelledFileError, match="no rows"):
        read_labelled("description,amount,category\n")


def test_scores_and_confusion():
    truth = ["coffee", "coffee", "groceries", "salary"]
    predicted = ["coffee", "groceries", "groceries", "salary"]
    result = scores(truth, predicted)
    assert result["rows"] == 4 and result["accuracy"] == 0.75
    assert result["recall"] == {"salary": 1.0, "groceries": 1.0, "coffee": 0.5}
    assert result["macro_f1"] == pytest.approx((1 + 2 / 3 + 2 / 3) / 3, abs=1e-4)
    assert confusion(truth, predicted)["coffee"] == {"groceries": 1, "coffee": 1}
