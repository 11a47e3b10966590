"""Deal briefings: content records in, bilingual Markdown pages out.

The pipeline runs one stage per module: ``load`` reads files, ``check`` finds every
problem at once, ``model`` turns checked records into typed objects, ``render`` makes
pages as data, ``write`` puts them on disk. ``pipeline`` strings them together;
``cli`` and ``mkdocs_plugin`` are thin callers of it.
"""
