"""The core layer: errors' HTTP mapping, access, the request edge, shared web helpers."""
