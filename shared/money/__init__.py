"""Money: the double-entry ledger, the chart of accounts, cards, payments, cash, formatting."""
