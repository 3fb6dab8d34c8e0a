"""The words the staff console's scripts write, per page, in the page's language."""
