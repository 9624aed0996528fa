"""The procedure catalogue, its archetype diagrams, the BPMN generator and the linter.

Conventions every generated diagram follows (the linter, the engine and the simulator
rely on them):

- Namespaces: BPMN 2.0 model + DI, and SpiffWorkflow's extension namespace
  ``http://spiffworkflow.org/bpmn/schema/1.0/core`` (prefix ``spiffworkflow``).
- One executable process per file, id ``Process_<code>`` (dots become underscores).
  Its ``spiffworkflow:properties`` carry ``motcua.code``, ``motcua.field``,
  ``motcua.level``, ``motcua.archetype``, ``motcua.statutoryTime``, ``motcua.timeUnit``.
- Lanes ``Lane_reception`` (one-stop counter), ``Lane_specialist``, ``Lane_leader``,
  ``Lane_partner``, ``Lane_citizen``.
- User tasks carry ``motcua.role``, ``motcua.step`` (the budgeted step they belong to),
  ``motcua.budget`` (decimal, in the procedure's time unit) and ``formJsonSchema`` (a JSON
  Schema of the data the officer submits on completion). Gateway conditions are Python
  expressions over those form variables.
- Deadline warnings: non-interrupting boundary timers with a quoted ISO 8601 duration.
- Withdrawal: interrupting boundary signal events (signal ``withdraw``) into a terminate
  end event. SpiffWorkflow 3.2 runs an event subprocess with a signal start but does not
  interrupt the main flow, so the boundary form is the one that executes as drawn.
"""
