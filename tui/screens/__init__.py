"""The app's screens and modals, one per module, each named for what it shows."""
