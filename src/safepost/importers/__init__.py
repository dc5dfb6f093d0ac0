"""Readers for platform data exports: each turns an export into a stream of :class:`Item`."""
