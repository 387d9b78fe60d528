# Runs the fuzz target; the tests fuzz_regressions (MODE=replay) and fuzz_experiment_reader (MODE=fuzz).
#   MODE=replay: every file in INPUTS (folders, separated by '|') once.
#   MODE=fuzz:   RUNS inputs (at most SECONDS of fuzzing) from the files in INPUTS, with random SEED: the same seed
#                and RUNS give much the same inputs on every machine (a slow one may stop early at SECONDS; the
#                coverage feedback is not bit-exact from run to run). New inputs go to WORK_DIR/corpus, a finding
#                to WORK_DIR/findings/.
# Any finding fails: a crash, a sanitizer report, a failed assertion, an escaped exception, an input slower than
# TIMEOUT seconds, more than 2 GB of memory.
foreach(var FUZZER MODE INPUTS WORK_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run.cmake: -D${var}=... is required")
  endif()
endforeach()
if(NOT DEFINED TIMEOUT)
  set(TIMEOUT 10)
endif()
string(REPLACE "|" ";" input_dirs "${INPUTS}")
set(limits -timeout=${TIMEOUT} -rss_limit_mb=2048)
set(findings ${WORK_DIR}/findings)
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR}/corpus ${findings})

if(MODE STREQUAL "replay")
  set(files)
  foreach(dir ${input_dirs})
    file(GLOB found LIST_DIRECTORIES false ${dir}/*)
    list(APPEND files ${found})
  endforeach()
  list(LENGTH files count)
  message(STATUS "replaying ${count} inputs")
  execute_process(COMMAND ${FUZZER} ${limits} -artifact_prefix=${findings}/ ${files} RESULT_VARIABLE rc)
elseif(MODE STREQUAL "fuzz")
  foreach(var RUNS SECONDS SEED)
    if(NOT DEFINED ${var})
      message(FATAL_ERROR "run.cmake: -D${var}=... is required for MODE=fuzz")
    endif()
  endforeach()
  set(dict)
  if(DEFINED DICT)
    set(dict -dict=${DICT})
  endif()
  execute_process(COMMAND ${FUZZER} ${limits} -seed=${SEED} -runs=${RUNS} -max_total_time=${SECONDS}
                          -print_final_stats=1 ${dict}
                          -artifact_prefix=${findings}/ ${WORK_DIR}/corpus ${input_dirs}
                  RESULT_VARIABLE rc)
else()
  message(FATAL_ERROR "run.cmake: MODE must be replay or fuzz")
endif()

if(NOT rc EQUAL 0)
  file(GLOB found ${findings}/*)
  message(FATAL_ERROR "the fuzz target found a problem (exit ${rc}); the input: ${found}\n"
          "Reproduce: ${FUZZER} INPUT; shrink it: ${FUZZER} -minimize_crash=1 -runs=100000 INPUT; then fix it and "
          "keep the shrunk input in tests/fuzz/regressions/ (see tests/fuzz/README.md).")
endif()
