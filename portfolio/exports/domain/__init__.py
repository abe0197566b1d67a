"""Pure export domain: the plain report the PDF prints, its parts, export status."""
