"""The branch queue: tickets, their calling order and notes, the public queue board."""
