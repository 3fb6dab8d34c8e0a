"""`smartbranch bench cluster`: a bounded soak of the whole shape under load and faults."""
