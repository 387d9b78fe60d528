// A run's results as checkpoint state (docs/checkpoints.md): a sweep's checkpoint holds the results of the point it
// keeps ([sweep] keep, or the first point's provenance) once that point is done, so that resuming need not run it
// again. One function serves saving and loading (core/state_visitor.hpp).
#pragma once
#include "plastix/core/state_visitor.hpp"
#include "plastix/record/monitors.hpp"

namespace plastix {

// Every field of r: provenance, counts, phases, metrics, tables and every record.
void visit_results(state_visitor& v, run_results& r);

// One table: its columns, data and labels.
void visit_table(state_visitor& v, table& t);

}  // namespace plastix
