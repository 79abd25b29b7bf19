"""Markdown document concerns shared by extract and generate: markers and tables."""
