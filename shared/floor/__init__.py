"""The branch floor: visits, arrivals and their claims, foot-traffic counts, floor statistics."""
