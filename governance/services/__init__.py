"""State changes of the core records. Views, admin actions, commands and tasks all call these."""
