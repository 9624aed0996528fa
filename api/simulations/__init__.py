"""The simulation API: scenarios in, indicators with confidence intervals out.

The schemas are final; the endpoints answer 501 until the simulator (``simulations/``)
exists.
"""

from .views import blp

__all__ = ["blp"]
