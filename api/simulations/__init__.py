"""The simulation API: scenarios in, indicators with confidence intervals out.

Runs are stored by :mod:`engine.scenarios` and executed by background jobs (rq, or
inline without Redis) calling the simulator (``simulations/``).
"""

from .views import blp

__all__ = ["blp"]
