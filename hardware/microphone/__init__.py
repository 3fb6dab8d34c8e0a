"""Microphones: a live sounddevice input, a WAV-file source and a simulator with faults."""
