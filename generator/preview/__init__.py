"""What a preview keeps between saves, and which pages a save changes."""
