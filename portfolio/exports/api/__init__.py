"""The exports JSON API: start an export, follow progress, download the PDF."""
