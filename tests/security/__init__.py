"""Regression tests for attacks and faults: each names what was tried and what the program
now does."""
