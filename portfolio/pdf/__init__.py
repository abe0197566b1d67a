"""Generic HTML to PDF: restrictive fetching, cached part rendering, merging.

HTML in, PDF out: this package imports no feature (callers render the HTML).
"""
