"""Pages written: the clean pipeline, the writer (the only code that writes output), the lock."""
