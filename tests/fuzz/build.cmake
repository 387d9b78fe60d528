# Configures and builds the fuzz target (tests/fuzz/CMakeLists.txt) with clang into BINARY_DIR; the test fuzz_build.
#   cmake -DSOURCE_DIR=tests/fuzz -DBINARY_DIR=build/fuzz -DC_COMPILER=clang -DCXX_COMPILER=clang++ -DJOBS=2
#         -P tests/fuzz/build.cmake
foreach(var SOURCE_DIR BINARY_DIR C_COMPILER CXX_COMPILER JOBS)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "build.cmake: -D${var}=... is required")
  endif()
endforeach()
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${BINARY_DIR} -DCMAKE_C_COMPILER=${C_COMPILER}
                        -DCMAKE_CXX_COMPILER=${CXX_COMPILER} RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "configuring the fuzz target in ${BINARY_DIR} failed")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BINARY_DIR} --parallel ${JOBS} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "building the fuzz target in ${BINARY_DIR} failed")
endif()
