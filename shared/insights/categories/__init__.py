"""Categorisation: every transaction into the taxonomy, with a confidence (issue 12).

generator.py makes labelled training data, clean.py takes the noise out of narratives,
features.py and model.py are the classifier, categoriser.py is what the app calls,
baseline.py the keyword rules it is compared with, evaluate.py the metrics and the
labelled CSV files.
"""
