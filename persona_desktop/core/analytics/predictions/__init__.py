"""The prediction run: ``analysis.PredictionAnalysis`` runs the parts in order (lifetime value and
its holdout check in value, churn, baskets and rules in baskets, recommendations in recommend)."""
