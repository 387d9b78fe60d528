// Resuming a run from its checkpoint (docs/checkpoints.md): the experiment it continues.
#pragma once
#include "plastix/record/checkpoint_file.hpp"
#include "plastix/sim/session.hpp"
#include "plastix/spec/experiment.hpp"

namespace plastix {

// The experiment a checkpoint continues: its file read again with its overrides. Throws plastix::error when the
// checkpoint was written by another version of plastix, or the file cannot be read, or its text as run differs
// from the one the checkpoint was taken of (another experiment, or the file changed since).
// A checkpoint of a Python session (sim.save) holds the experiment as it ran (/state/session/): that is read instead
// of the file, so that its changes and added monitors are there.
experiment_spec resume_spec(const checkpoint& c);

// What a Python session changed, as saved in its checkpoint (/state/session/); empty texts when it holds none.
session_edits session_edits_of(const checkpoint& c);

}  // namespace plastix
