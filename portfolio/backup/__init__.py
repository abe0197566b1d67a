"""Backup and restore: a consistent database dump, stored files, a SHA-256 manifest."""
