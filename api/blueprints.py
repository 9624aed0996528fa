"""Every blueprint of the API, registered on the flask-smorest ``Api`` in one place.

The OpenAPI document is generated from these blueprints
(``/api/v1/openapi.json``); a blueprint missing here is missing from the docs too.
"""

from __future__ import annotations

from flask_smorest import Api

from api import (
    auth,
    dossiers,
    eventlog,
    forms,
    health,
    jobs_api,
    kpis,
    procedures,
    public,
    simulations,
    task_filters,
    tasks,
    ui,
    versions,
)

__all__ = ["register_blueprints"]


def register_blueprints(api: Api) -> None:
    api.register_blueprint(health.blp)
    auth.register(api)
    api.register_blueprint(procedures.blp)
    api.register_blueprint(versions.blp)
    api.register_blueprint(kpis.blp)
    api.register_blueprint(eventlog.blp)
    api.register_blueprint(jobs_api.blp)
    api.register_blueprint(simulations.blp)
    api.register_blueprint(dossiers.blp)
    api.register_blueprint(tasks.blp)
    api.register_blueprint(task_filters.blp)
    api.register_blueprint(public.blp)
    api.register_blueprint(public.pages)
    api.register_blueprint(forms.blp)
    api.register_blueprint(ui.blp)
