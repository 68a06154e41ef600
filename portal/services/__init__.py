"""Domain logic without Reflex: testable with a database session and a principal."""
