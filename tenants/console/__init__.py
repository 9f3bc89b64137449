"""The state console: state staff review registrations and run every municipality (public schema)."""
