"""Rules checked: every problem at once, by family, and the check's report."""
