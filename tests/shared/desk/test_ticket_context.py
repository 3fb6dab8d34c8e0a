"""The desk shows what the customer was doing, never a PIN or a full card number."""

from shared.desk.context import desk_context, mask_digits

PAN = "4929123456781234"


def test_secrets_are_dropped_and_long_numbers_masked():
    context = {
        "kiosk": "LDN-01-K1", "tried": "withdrawal", "amount_minor": 80_000,
        "pin": "1234", "pin_block": "0412AC", "pan": PAN, "card_number": PAN,
        "note": f"card {PAN} retained", "device": {"fault": "jam", "track2": f";{PAN}=2512?"},
        "accounts": ["12345678", "4929 1234 5678 1234"],
    }
    rows = dict(desk_context(context, "GBP"))
    assert rows["Kiosk"] == "LDN-01-K1" and rows["Tried"] == "withdrawal"
    assert rows["Amount"] == "£800.00"
    assert rows["Device fault"] == "jam"
    assert rows["Note"] == "card •••• 1234 retained"
    assert rows["Accounts"] == "12345678, •••• 1234"
    shown = repr(rows)
    assert PAN not in shown and "1234567812" not in shown
    assert "1234" not in [v for v in rows.values()] and "0412AC" not in shown
    assert not any(key.lower().startswith(("pin", "pan", "card number", "device track"))
                   for key in rows)


def test_transfers_are_summarised():
    rows = desk_context({"transfers": [{"from_service": "cash", "from_counter": "2",
                                        "to_service": "accounts", "to_counter": "",
                                        "note": "new card"}]}, None)
    assert rows == [("Transferred", "from cash at counter 2 to accounts (new card)")]


def test_amounts_are_in_the_contexts_own_currency_before_the_fallback():
    context = {"amount_minor": 1_100_000, "currency": "KRW"}
    assert desk_context(context, "GBP") == [("Amount", "₩1,100,000")]
    assert desk_context({"amount_minor": 8_000}, "GBP") == [("Amount", "£80.00")]


def test_an_amount_in_no_known_currency_is_labelled_minor_units():
    assert desk_context({"amount_minor": 8_000}, None) == [
        ("Amount", "8000 minor units (currency not recorded)")]
    assert desk_context({"amount_minor": 8_000, "currency": "XYZ"}, "GBP") == [
        ("Amount", "8000 minor units (unknown currency 'XYZ')")]


def test_mask_leaves_short_numbers():
    text = "ticket C003, £80, sort code 12-34-56"
    assert mask_digits(text) == text


def test_the_language_the_customer_was_served_in_is_named_as_they_write_it():
    rows = dict(desk_context({"kiosk": "K1", "language": "zh"}, "GBP"))
    assert rows["Language"] == "简体中文 (zh)"
    assert dict(desk_context({"language": "cy"}, "GBP"))["Language"] == "cy"  # not shipped


def test_a_cash_fault_the_counters_settled_says_so_in_words():
    rows = dict(desk_context({"problem": "dispense hardwareError itemsJammed",
                              "settled": "retracted"}, "GBP"))
    assert rows["Settled by the kiosk's counters"] == "every note back in the kiosk, nothing taken"
    assert dict(desk_context({"settled": "released"}, "GBP"))[
        "Settled by the kiosk's counters"] == "no note paid out, nothing taken"
