"""Portal: a self-hosted customer & partner portal for B2B vendors."""
