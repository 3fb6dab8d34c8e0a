"""Speech: audio checks, speech-to-text engines, the kiosk command grammar."""
