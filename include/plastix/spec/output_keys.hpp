// The keys of what an experiment records and computes after the run, declared once (spec/catalogue.hpp): each
// monitor type (family "monitor"), each analysis type ("analysis"), result tables and their columns ("table") and
// metrics ("metric"). The readers (io/read_monitor.cpp, read_analysis.cpp, read_table.cpp) take their key lists and
// the declared values from here; `plastix list`, the docs tables and Python's keyword checks too. Names of other
// items (populations, monitors, phases) and lists are read by the readers (extra keys).
#pragma once
#include "plastix/spec/catalogue.hpp"
#include "plastix/spec/experiment.hpp"

namespace plastix {

// In monitor_spec::kind order: spikes, state, weights, rate, transmission.
const std::vector<std::string>& monitor_type_names();
const declaration<monitor_spec>& monitor_declaration(monitor_spec::kind k);

// In analysis_spec::kind order: principal_component, pattern_responses, recall, weight_scaling, overlap,
// synapse_rank, choices, conditioned_response, ocular_dominance, classify, firing_pattern.
const std::vector<std::string>& analysis_type_names();
const declaration<analysis_spec>& analysis_declaration(analysis_spec::kind k);

const declaration<table_spec>& table_declaration();
const declaration<table_column_spec>& table_column_declaration();
const declaration<metric_spec>& metric_declaration();

}  // namespace plastix
