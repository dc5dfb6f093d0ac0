"""One router per area of the app; each is a small module with its own pages and API calls."""
