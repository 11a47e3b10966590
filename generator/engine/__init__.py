"""Everything that touches MkDocs or Material: the plugin, options, language builds."""
