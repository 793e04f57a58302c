"""Dagster code location of the Russia–North Korea ledger."""
