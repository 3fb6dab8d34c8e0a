"""Voice: audio checks, speech to text, the kiosk command grammar, speakers and fusion."""
