"""Content read and modelled: files -> documents that remember every value's line -> typed records."""
