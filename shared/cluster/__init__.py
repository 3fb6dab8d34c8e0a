"""A bank of many branches: NATS JetStream between branch edges and the centre."""
