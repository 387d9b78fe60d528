// How many points of a sweep run at the same time (`plastix run --jobs N`, Python `plastix.run(exp, jobs=N)`;
// docs/parallel.md). The points of a sweep are independent runs; with N jobs up to N of them run at once, each on a
// thread of its own, and their results are merged in point order, so the results are bitwise those of --jobs 1.
#pragma once

namespace plastix {

// The default number of jobs: the number of cores (std::thread::hardware_concurrency), at least 1.
unsigned default_jobs();

}  // namespace plastix
