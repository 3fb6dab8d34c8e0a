"""The teller desk: suspect cash sessions to reconcile, and what a ticket's kiosk context shows."""
