"""HTML to PDF: restrictive fetching, part rendering, caching and merging."""
