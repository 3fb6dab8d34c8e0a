"""The composition root: the command line and the web application factory.

It is the one place that imports both `kiosk` and `staff_console`.
"""
