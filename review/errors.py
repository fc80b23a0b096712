"""The root of the project's typed errors. Messages are written for the person reading them."""


class PlanReviewError(Exception):
    """Base of every error the project raises on purpose; str(error) is shown to the user."""
