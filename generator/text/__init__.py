"""What text may become on a page, in each language: words (catalogs), labels, formats, typography, markup."""
