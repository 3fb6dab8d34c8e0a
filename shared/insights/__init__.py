"""What the relationship manager should know about a customer's money: talking points."""
