"""Voice at the kiosk: listening for one utterance and the spoken-command dialogue."""
