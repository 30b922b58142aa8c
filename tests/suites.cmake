# Writes a CTest include file with one test per GoogleTest suite of a test
# executable (run after each build of it; see paraplan_test in
# tests/CMakeLists.txt). A suite's tests run in one process: each process
# of a sanitized test executable costs a fraction of a second to start, and
# suites share costly setup (SetUpTestSuite), so one process per test made
# the run minutes longer for nothing. GoogleTest still reports every test
# by name in the output.
#
# Input: EXECUTABLE, NAME (the executable's target), OUTPUT, SOURCE_DIR.
execute_process(COMMAND "${EXECUTABLE}" --gtest_list_tests
                OUTPUT_VARIABLE listing
                RESULT_VARIABLE status
                TIMEOUT 60)
if(NOT status EQUAL 0)
  file(REMOVE "${OUTPUT}")
  message(FATAL_ERROR "${EXECUTABLE} --gtest_list_tests failed (${status}):\n${listing}")
endif()

string(REPLACE "\n" ";" lines "${listing}")
set(script "")
foreach(line IN LISTS lines)
  # Suite lines start in the first column and end with '.', perhaps
  # followed by a comment ("Backends/Store.  # TypeParam = ...").
  if(line MATCHES "^([^ #][^ ]*)\\.( *#.*)?$")
    set(suite "${CMAKE_MATCH_1}")
    string(APPEND script
      "add_test([==[${NAME}.${suite}]==] [==[${EXECUTABLE}]==] [==[--gtest_filter=${suite}.*]==])\n"
      "set_tests_properties([==[${NAME}.${suite}]==] PROPERTIES ENVIRONMENT "
      "[==[PARAPLAN_SOURCE_DIR=${SOURCE_DIR}]==])\n")
  endif()
endforeach()
if(script STREQUAL "")
  message(FATAL_ERROR "${EXECUTABLE} lists no test suite")
endif()
file(WRITE "${OUTPUT}" "${script}")
