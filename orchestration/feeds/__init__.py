"""Fetchers of outside data: UN Comtrade downloads and the ECB rate history."""
