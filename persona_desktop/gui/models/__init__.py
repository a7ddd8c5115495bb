"""Qt item models over core results (DataFrames, lists of dicts): tables never hold widgets."""
