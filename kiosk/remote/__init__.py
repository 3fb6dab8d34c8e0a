"""Kiosk agents as processes of their own, reached by the web tier over NATS (issue 14).

protocol (subjects, requests, replies, typed errors) <- server (the agent process answers
from its real KioskAgent) and client (the web tier's RemoteKioskAgent and pool); process
runs one kiosk's agent under its lease (`smartbranch kiosk agent`).
"""
