"""Pages of conferences and voting, one module per page group."""
