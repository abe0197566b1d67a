"""The core layer: HTTP errors, access, the request edge, shared web helpers."""
