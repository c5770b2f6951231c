"""Tests that pin exact values of the page readers, processors and pipelines: the mutation suite."""
