"""The shared kernel: what every app of the portal builds on, and which imports no app."""
