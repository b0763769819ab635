"""State changes of agreements, access requests and grants."""
