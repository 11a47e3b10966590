"""The web editor (`briefing editor`): a form in the browser for records, articles and
pictures, served from this machine, each save merged into its file and checked.

A part of its own: it uses the rest of the generator only through the check's entry
points (pipeline.check, config.load_site_config), the schemas and labels.py's words.
"""
