"""The languages SmartBranch speaks: which, how each is written, and choosing one.

The catalogues (gettext, one folder a language under `translations/`) are extracted with
`pybabel` (see babel.cfg) and compiled by the Makefile's set-up.
"""
