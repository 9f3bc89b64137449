"""Models: see the app's issue."""
