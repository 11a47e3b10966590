"""Pages declared: every kind of page, its path, what it shows and what it depends on."""
