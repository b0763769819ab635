"""Information sharing agreements, their parties and signatures; dataset access requests and grants."""
