"""The next-best offer: what a customer may be offered, what they would most likely take,
why in words, and whether it is fair across age bands and languages.

catalogue (the products), features (the figures a decision reads), eligibility (the rules,
apart from any score), history (a generated past of offers and outcomes), ranking (a model
trained on it; reasons in words), fairness (the four-fifths report).
"""
