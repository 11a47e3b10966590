"""Pages rendered: each page kind's context to Markdown through the templates, and the glossary."""
