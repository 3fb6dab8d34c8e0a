"""The customer as staff see them: arrival card, 360 view, search, notes, preferences."""
