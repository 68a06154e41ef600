"""One module per page (or small family of pages): layout only, bound to its state."""
